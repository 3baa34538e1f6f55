#include <fluxion/boundary/flux_boundary.h>

namespace Fluxion
{
  template <int dim>
  void
  FluxBoundary<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Outward flux",
                      "0",
                      Patterns::Anything(),
                      "[amount/(length^(dim-1) s)] The outward normal flux "
                      "J.n, an expression of x, y, z and t [s]; negative "
                      "values flow into the domain.");
  }

  template <int dim>
  void
  FluxBoundary<dim>::parse_parameters(ParameterHandler &prm)
  {
    value.initialize(prm.get("Outward flux"), "Outward flux");
  }

  template <int dim>
  BoundaryFlux
  FluxBoundary<dim>::flux(const Point<dim> &p,
                          const double      t,
                          const double) const
  {
    return {-value.value(p, t), 0.0};
  }

  FLUXION_REGISTER_PLUGIN(BoundaryCondition,
                          FluxBoundary,
                          "flux",
                          "A prescribed outward flux J.n = g(x, t).")
} // namespace Fluxion
