#include <fluxion/physics/interface.h>
#include <fluxion/postprocess/boundary_fluxes.h>
#include <fluxion/postprocess/field_integrals.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  void
  BoundaryFluxes<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry(
      "Balance",
      "false",
      Patterns::Bool(),
      "Also sum the total outward flux of each field over time (the flux "
      "at the end of each step times the step; exact with the implicit "
      "Euler scheme and postprocessing every step), as the column 'outflow' "
      "[amount], and check it against the change of the field's integral: "
      "'balance' = (amount - initial amount + outflow) / max(|initial "
      "amount|, |amount|), which is 0 when the fluxes account for every "
      "change. With several fields the columns are 'outflow <field>' and "
      "'balance <field>'.");
  }

  template <int dim>
  void
  BoundaryFluxes<dim>::parse_parameters(ParameterHandler &prm)
  {
    balance = prm.get_bool("Balance");
  }

  template <int dim>
  void
  BoundaryFluxes<dim>::execute(const PhysicsInterface<dim> &physics,
                               Statistics                  &statistics,
                               const bool,
                               const std::string &)
  {
    const auto          fields = physics.fields();
    const auto          data   = physics.boundary_fluxes();
    const bool          one    = fields.size() == 1;
    std::vector<double> totals(fields.size(), 0.0);
    for (unsigned int f = 0; f < fields.size(); ++f)
      {
        const std::string prefix =
          one ? "flux " : "flux " + fields[f].name + " ";
        for (const auto &b : data.total[f])
          {
            statistics.set(prefix + b.first, b.second);
            totals[f] += b.second;
          }
        statistics.set(prefix + "total", totals[f]);
        for (const auto &part : data.parts[f])
          for (const auto &b : part.second)
            statistics.set(prefix + part.first + " " + b.first, b.second);
      }
    for (const auto &quantity : data.derived)
      for (const auto &b : quantity.second)
        statistics.set(quantity.first + " " + b.first, b.second);
    if (balance)
      write_balance(physics, totals, statistics);
  }

  template <int dim>
  void
  BoundaryFluxes<dim>::write_balance(const PhysicsInterface<dim> &physics,
                                     const std::vector<double>   &totals,
                                     Statistics                  &statistics)
  {
    const auto   fields    = physics.fields();
    const auto   integrals = integrate_fields(physics);
    const double t         = physics.get_time();
    if (initial_amounts.empty())
      {
        for (const auto &i : integrals)
          initial_amounts.push_back(i.amount);
        outflows.assign(fields.size(), 0.0);
        last_time = t;
      }
    for (unsigned int f = 0; f < fields.size(); ++f)
      {
        outflows[f] += (t - last_time) * totals[f];
        const double      a0 = initial_amounts[f], a = integrals[f].amount;
        const double      scale = std::max(std::abs(a0), std::abs(a));
        const std::string suffix =
          fields.size() == 1 ? "" : " " + fields[f].name;
        statistics.set("outflow" + suffix, outflows[f]);
        statistics.set("balance" + suffix,
                       scale == 0 ? outflows[f] :
                                    (a - a0 + outflows[f]) / scale);
      }
    last_time = t;
  }

  template <int dim>
  std::vector<double>
  BoundaryFluxes<dim>::get_state() const
  {
    std::vector<double> state = {last_time};
    state.insert(state.end(), initial_amounts.begin(), initial_amounts.end());
    state.insert(state.end(), outflows.begin(), outflows.end());
    return state;
  }

  template <int dim>
  void
  BoundaryFluxes<dim>::set_state(const std::vector<double> &state)
  {
    initial_amounts.clear();
    outflows.clear();
    if (state.size() < 3)
      return;
    const std::size_t n = (state.size() - 1) / 2;
    last_time           = state[0];
    initial_amounts.assign(state.begin() + 1, state.begin() + 1 + n);
    outflows.assign(state.begin() + 1 + n, state.end());
  }

  FLUXION_REGISTER_PLUGIN(
    Postprocessor,
    BoundaryFluxes,
    "boundary fluxes",
    "Total outward flux [amount/s] through each named boundary (columns "
    "'flux <boundary>') and their sum ('flux total'), computed from the "
    "residual; with several fields, per field ('flux <field> <boundary>', "
    "'flux <field> total'). Named parts of a flux that a physics reports "
    "are 'flux [<field> ]<part> <boundary>', derived boundary quantities "
    "'<quantity> <boundary>'.")
} // namespace Fluxion
