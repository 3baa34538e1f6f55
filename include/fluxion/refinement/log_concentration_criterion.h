#ifndef fluxion_refinement_log_concentration_criterion_h
#define fluxion_refinement_log_concentration_criterion_h

#include <fluxion/refinement/field_weighted_criterion.h>

namespace Fluxion
{
  /**
   * Kelly's estimator applied to log10(max(c, floor)) of the fields of
   * <Fields> (weighted by <Scales>, see FieldWeightedCriterion), which must
   * be non-negative concentrations. Concentrations that span many decades
   * (dopant profiles) have their steepest logarithmic fronts in the tails,
   * where junctions lie; on a linear scale those tails look flat and would not
   * be refined.
   */
  template <int dim>
  class LogConcentrationCriterion : public FieldWeightedCriterion<dim>
  {
  public:
    LogConcentrationCriterion();

    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    void
    estimate(const PhysicsInterface<dim> &physics,
             Vector<float>               &indicators) const override;

    /**
     * Also refuses fields that can be negative.
     */
    void
    check_fields(const FieldDescriptions &fields) const override;

  private:
    /**
     * The weights of the fields; an error names a field that can be
     * negative.
     */
    std::vector<double>
    log_weights(const FieldDescriptions &fields) const;

    double floor = 1e12;
  };
} // namespace Fluxion

#endif
