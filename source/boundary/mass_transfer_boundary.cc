#include <fluxion/boundary/mass_transfer_boundary.h>

namespace Fluxion
{
  template <int dim>
  void
  MassTransferBoundary<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Transfer coefficient",
                      "1",
                      Patterns::Double(),
                      "[length/s] The mass transfer coefficient h >= 0.");
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
