#include <fluxion/boundary/mass_transfer_boundary.h>

namespace Fluxion
{
  template <int dim>
  void
  MassTransferBoundary<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Transfer coefficient",
                      "1",
                      Patterns::Double(Patterns::Double::min_double_value,
                                       1e30),
                      "[length/s] The mass transfer coefficient, 0 <= h <= "
                      "1e30.");
    prm.declare_entry("External concentration",
                      "0",
                      Patterns::Anything(),
                      "[amount/length^dim] The concentration c_ext of the "
                      "outer phase, an expression of x, y, z and t [s].");
  }

  template <int dim>
  void
  MassTransferBoundary<dim>::parse_parameters(ParameterHandler &prm)
  {
    h = prm.get_double("Transfer coefficient");
    AssertThrow(h >= 0,
                ExcMessage("Parameter <Transfer coefficient> of the mass "
                           "transfer condition must not be negative, got " +
                           prm.get("Transfer coefficient") + "."));
    external.initialize(prm.get("External concentration"),
                        "External concentration");
  }

  template <int dim>
  BoundaryFlux
  MassTransferBoundary<dim>::flux(const Point<dim> &p,
                                  const double      t,
                                  const double      c) const
  {
    return {-h * (c - external.value(p, t)), -h};
  }

  FLUXION_REGISTER_PLUGIN(BoundaryCondition,
                          MassTransferBoundary,
                          "mass transfer",
                          "Robin condition J.n = h (c - c_ext).")
} // namespace Fluxion
