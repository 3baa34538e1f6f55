#ifndef fluxion_refinement_kelly_criterion_h
#define fluxion_refinement_kelly_criterion_h

#include <fluxion/physics/interface.h>
#include <fluxion/refinement/field_weighted_criterion.h>

namespace Fluxion
{
  /**
   * The Kelly error estimator: the jump of the normal derivative across faces,
   * scaled by the cell size; each field's jumps are weighted by its scale
   * (see FieldWeightedCriterion).
   */
  template <int dim>
  class KellyCriterion : public FieldWeightedCriterion<dim>
  {
  public:
    KellyCriterion();

    static void
    declare_parameters(ParameterHandler &prm);

    void
    estimate(const PhysicsInterface<dim> &physics,
             Vector<float>               &indicators) const override;

    /**
     * Kelly's indicators of @p field, a ghosted vector on the DoFs of
     * @p physics (e.g. a transformed solution), with the jumps of each
     * field of the physics times its entry of @p weights.
     */
    static void
    estimate_field(const PhysicsInterface<dim> &physics,
                   const VectorType            &field,
                   const std::vector<double>   &weights,
                   Vector<float>               &indicators);
  };
} // namespace Fluxion

#endif
