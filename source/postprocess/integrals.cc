#include <fluxion/physics/interface.h>
#include <fluxion/postprocess/field_integrals.h>
#include <fluxion/postprocess/integrals.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  void
  Integrals<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Fields",
                      "",
                      Patterns::Anything(),
                      "The fields to integrate, by name, comma separated; "
                      "empty means all. With one field the columns are "
                      "'total amount', 'amount change', 'c min', 'c max'; "
                      "with several they carry the field's name, e.g. "
                      "'total amount B', 'amount change B', 'B min', "
                      "'B max'.");
  }

  template <int dim>
  void
  Integrals<dim>::parse_parameters(ParameterHandler &prm)
  {
    field_list = prm.get("Fields");
  }

  template <int dim>
  void
  Integrals<dim>::check_fields(const FieldDescriptions &fields) const
  {
    fields.select(field_list, "Postprocess/integrals/Fields");
  }

  template <int dim>
  void
  Integrals<dim>::execute(const PhysicsInterface<dim> &physics,
                          Statistics                  &statistics,
                          const bool,
                          const std::string &)
  {
    const auto fields = physics.fields();
    const auto selected =
      fields.select(field_list, "Postprocess/integrals/Fields");
    const auto integrals = integrate_fields(physics);
    if (initial_amounts.empty())
      for (const auto &i : integrals)
        initial_amounts.push_back(i.amount);
    const bool one = fields.size() == 1;
    for (const auto f : selected)
      {
        const std::string suffix = one ? "" : " " + fields[f].name;
        const std::string name   = one ? "c" : fields[f].name;
        const double      a0     = initial_amounts[f];
        const double      a      = integrals[f].amount;
        // A field that is not an amount (a potential) has no total.
        if (fields[f].conserved)
          {
            statistics.set("total amount" + suffix, a);
            statistics.set("amount change" + suffix,
                           a0 == 0 ? a : (a - a0) / std::abs(a0));
          }
        statistics.set(name + " min", integrals[f].min);
        statistics.set(name + " max", integrals[f].max);
      }
  }

  template <int dim>
  std::vector<double>
  Integrals<dim>::get_state() const
  {
    std::vector<double> state = {initial_amounts.empty() ? 0.0 : 1.0};
    state.insert(state.end(), initial_amounts.begin(), initial_amounts.end());
    return state;
  }

  template <int dim>
  void
  Integrals<dim>::set_state(const std::vector<double> &state)
  {
    initial_amounts.clear();
    if (!state.empty() && state[0] != 0)
      initial_amounts.assign(state.begin() + 1, state.end());
  }

  FLUXION_REGISTER_PLUGIN(
    Postprocessor,
    Integrals,
    "integrals",
    "Per field: the total amount (integral of the field), its relative "
    "change since the start, and min and max over the nodes: columns "
    "'total amount', 'amount change', 'c min', 'c max' (with several "
    "fields, named after each field; a field that is not an amount, such "
    "as a potential, has only min and max).")
} // namespace Fluxion
