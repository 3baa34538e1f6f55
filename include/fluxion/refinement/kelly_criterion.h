#ifndef fluxion_refinement_kelly_criterion_h
#define fluxion_refinement_kelly_criterion_h

#include <fluxion/physics/interface.h>
#include <fluxion/refinement/interface.h>

namespace Fluxion
{
  /**
   * The Kelly error estimator: the jump of the normal derivative across faces,
   * scaled by the cell size.
   */
  template <int dim>
  class KellyCriterion : public RefinementCriterion<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    estimate(const PhysicsInterface<dim> &physics,
             Vector<float>               &indicators) const override;

    /**
     * Kelly's indicators of @p field, a ghosted vector on the DoFs of
     * @p physics (e.g. a transformed solution).
     */
    static void
    estimate_field(const PhysicsInterface<dim> &physics,
                   const VectorType            &field,
                   Vector<float>               &indicators);
  };
} // namespace Fluxion

#endif
