#include <fluxion/refinement/field_weighted_criterion.h>

namespace Fluxion
{
  template <int dim>
  FieldWeightedCriterion<dim>::FieldWeightedCriterion(const std::string &name)
    : section("Mesh refinement/" + name)
  {}

  template <int dim>
  void
  FieldWeightedCriterion<dim>::declare_field_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Fields",
                      "",
                      Patterns::Anything(),
                      "The fields whose indicators this criterion combines, "
                      "by name, comma separated; empty means all.");
    prm.declare_entry(
      "Scales",
      "1",
      Patterns::Anything(),
      "[1/unit of the field] The weight of each field's indicator: one "
      "number for every field of <Fields>, or 'name: number' pairs separated "
      "by commas (fields without a pair take 1), e.g. 'c: 1, phi: 1e-3'. "
      "The indicators of the fields are combined as the square root of the "
      "sum of their weighted squares; a scale of 0 leaves a field out.");
  }

  template <int dim>
  void
  FieldWeightedCriterion<dim>::parse_parameters(ParameterHandler &prm)
  {
    field_list = prm.get("Fields");
    scales     = prm.get("Scales");
  }

  template <int dim>
  void
  FieldWeightedCriterion<dim>::check_fields(
    const FieldDescriptions &fields) const
  {
    weights(fields);
  }

  template <int dim>
  std::vector<double>
  FieldWeightedCriterion<dim>::weights(const FieldDescriptions &fields) const
  {
    const auto w   = field_weights(fields, field_list, scales, section);
    bool       any = false;
    for (const double v : w)
      any |= v > 0;
    AssertThrow(any,
                ExcMessage("<" + section +
                           "/Scales> is 0 for every field "
                           "of <" +
                           section +
                           "/Fields>: the criterion "
                           "would see nothing."));
    return w;
  }

  template <int dim>
  bool
  FieldWeightedCriterion<dim>::all_ones(const std::vector<double> &weights)
  {
    for (const double w : weights)
      if (w != 1)
        return false;
    return true;
  }

  template class FieldWeightedCriterion<1>;
  template class FieldWeightedCriterion<2>;
  template class FieldWeightedCriterion<3>;
} // namespace Fluxion
