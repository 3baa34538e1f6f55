#ifndef fluxion_refinement_log_concentration_criterion_h
#define fluxion_refinement_log_concentration_criterion_h

#include <fluxion/refinement/interface.h>

namespace Fluxion
{
  /**
   * Kelly's estimator applied to log10(max(c, floor)) of every solution
   * component. Concentrations that span many decades (dopant profiles) have
   * their steepest logarithmic fronts in the tails, where junctions lie;
   * on a linear scale those tails look flat and would not be refined.
   */
  template <int dim>
  class LogConcentrationCriterion : public RefinementCriterion<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    void
    estimate(const PhysicsInterface<dim> &physics,
             Vector<float>               &indicators) const override;

  private:
    double floor = 1e12;
  };
} // namespace Fluxion

#endif
