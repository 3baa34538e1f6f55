#ifndef fluxion_refinement_field_weighted_criterion_h
#define fluxion_refinement_field_weighted_criterion_h

#include <fluxion/refinement/interface.h>

#include <string>
#include <vector>

namespace Fluxion
{
  /**
   * A refinement criterion that addresses the fields of the physics by
   * name: its entries <Fields> (which fields it looks at; empty means all)
   * and <Scales> (the weight of each field's indicator: one number for all,
   * or 'name: number' pairs; a scale of 0 leaves a field out). The scales
   * let fields of different units be combined, e.g. a concentration in
   * mol/m^3 and a potential in V.
   */
  template <int dim>
  class FieldWeightedCriterion : public RefinementCriterion<dim>
  {
  public:
    /**
     * @p name is the criterion's name in <Mesh refinement/Criteria>; the
     * subsection of its parameters.
     */
    explicit FieldWeightedCriterion(const std::string &name);

    /**
     * Declare <Fields> and <Scales>.
     */
    static void
    declare_field_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    void
    check_fields(const FieldDescriptions &fields) const override;

  protected:
    /**
     * The weight of every field of @p fields (0 for fields left out).
     */
    std::vector<double>
    weights(const FieldDescriptions &fields) const;

    /**
     * Whether @p weights is 1 for every field (the unweighted case).
     */
    static bool
    all_ones(const std::vector<double> &weights);

    /**
     * The parameter section, "Mesh refinement/<name>".
     */
    const std::string section;

  private:
    std::string field_list;
    std::string scales;
  };
} // namespace Fluxion

#endif
