#include <fluxion/physics/interface.h>
#include <fluxion/postprocess/boundary_fluxes.h>

namespace Fluxion
{
  template <int dim>
  void
  BoundaryFluxes<dim>::declare_parameters(ParameterHandler &)
  {}

  template <int dim>
  void
  BoundaryFluxes<dim>::parse_parameters(ParameterHandler &)
  {}

  template <int dim>
  void
  BoundaryFluxes<dim>::execute(const PhysicsInterface<dim> &physics,
                               Statistics                  &statistics,
                               const bool,
                               const std::string &)
  {
    double total = 0;
    for (const auto &f : physics.boundary_fluxes())
      {
        statistics.set("flux " + f.first, f.second);
        total += f.second;
      }
    statistics.set("flux total", total);
  }

  FLUXION_REGISTER_PLUGIN(Postprocessor,
                          BoundaryFluxes,
                          "boundary fluxes",
                          "Total outward flux [amount/s] through each named "
                          "boundary (columns 'flux <name>') and their sum "
                          "('flux total'), computed from the residual.")
} // namespace Fluxion
