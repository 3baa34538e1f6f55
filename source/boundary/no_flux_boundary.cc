#include <fluxion/boundary/no_flux_boundary.h>

namespace Fluxion
{
  template <int dim>
  void
  NoFluxBoundary<dim>::declare_parameters(ParameterHandler &)
  {}

  template <int dim>
  void
  NoFluxBoundary<dim>::parse_parameters(ParameterHandler &)
  {}

  FLUXION_REGISTER_PLUGIN(BoundaryCondition,
                          NoFluxBoundary,
                          "no flux",
                          "An impermeable boundary, J.n = 0 (the default for "
                          "boundaries that are not listed).")
} // namespace Fluxion
