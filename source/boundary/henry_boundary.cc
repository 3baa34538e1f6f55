#include <fluxion/boundary/henry_boundary.h>

namespace Fluxion
{
  template <int dim>
  void
  HenryBoundary<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Solubility",
                      "1",
                      Patterns::Double(),
                      "[amount/(length^dim Pa)] Henry's law solubility S, "
                      "c = S p; must not be negative.");
    prm.declare_entry("Partial pressure",
                      "0",
                      Patterns::Anything(),
                      "[Pa] Partial pressure p of the gas, an expression of "
                      "x, y, z and t [s].");
  }

  template <int dim>
  void
  HenryBoundary<dim>::parse_parameters(ParameterHandler &prm)
  {
    solubility = prm.get_double("Solubility");
    AssertThrow(solubility >= 0,
                ExcMessage("Parameter <Solubility> of the henry condition "
                           "must not be negative, got " +
                           prm.get("Solubility") + "."));
    pressure.initialize(prm.get("Partial pressure"), "Partial pressure");
  }

  template <int dim>
  double
  HenryBoundary<dim>::concentration(const Point<dim> &p, const double t) const
  {
    return solubility * pressure.value(p, t);
  }

  FLUXION_REGISTER_PLUGIN(BoundaryCondition,
                          HenryBoundary,
                          "henry",
                          "A surface in equilibrium with a gas of partial "
                          "pressure p: c = S p (Henry's law).")
} // namespace Fluxion
