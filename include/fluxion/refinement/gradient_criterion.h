#ifndef fluxion_refinement_gradient_criterion_h
#define fluxion_refinement_gradient_criterion_h

#include <fluxion/refinement/field_weighted_criterion.h>

namespace Fluxion
{
  /**
   * An approximation of the gradient of the solution from neighbouring cells,
   * times h^(1+dim/2), which targets steep fronts; per field, weighted by
   * its scale (see FieldWeightedCriterion).
   */
  template <int dim>
  class GradientCriterion : public FieldWeightedCriterion<dim>
  {
  public:
    GradientCriterion();

    static void
    declare_parameters(ParameterHandler &prm);

    void
    estimate(const PhysicsInterface<dim> &physics,
             Vector<float>               &indicators) const override;
  };
} // namespace Fluxion

#endif
