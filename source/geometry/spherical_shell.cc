#include <deal.II/grid/grid_generator.h>

#include <fluxion/geometry/spherical_shell.h>

namespace Fluxion
{
  template <int dim>
  void
  SphericalShell<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Inner radius",
                      "0.5",
                      Patterns::Double(0),
                      "[length] Radius of the inner sphere (circle in 2D).");
    prm.declare_entry("Outer radius",
                      "1",
                      Patterns::Double(0),
                      "[length] Radius of the outer sphere (circle in 2D).");
    prm.declare_entry("Cells",
                      "0",
                      Patterns::Integer(0),
                      "Number of coarse cells around the shell (0: the "
                      "default of GridGenerator::hyper_shell).");
  }

  template <int dim>
  void
  SphericalShell<dim>::parse_parameters(ParameterHandler &prm)
  {
    inner_radius = prm.get_double("Inner radius");
    outer_radius = prm.get_double("Outer radius");
    n_cells      = prm.get_integer("Cells");
    AssertThrow(inner_radius > 0 && outer_radius > inner_radius,
                ExcMessage("Parameters <Geometry/spherical shell/Inner "
                           "radius> and <Outer radius>: need 0 < inner < "
                           "outer."));
  }

  template <int dim>
  void
  SphericalShell<dim>::create_coarse_mesh(Triangulation<dim> &tria) const
  {
    AssertThrow(dim > 1,
                ExcMessage("Parameter <Geometry/Model>: the spherical shell "
                           "needs Dimension = 2 or 3."));
    if constexpr (dim > 1)
      GridGenerator::hyper_shell(
        tria, Point<dim>(), inner_radius, outer_radius, n_cells, true);
  }

  template <int dim>
  std::map<std::string, types::boundary_id>
  SphericalShell<dim>::boundary_names() const
  {
    return {{"inner", 0}, {"outer", 1}};
  }

  FLUXION_REGISTER_PLUGIN(Geometry,
                          SphericalShell,
                          "spherical shell",
                          "The region between two concentric spheres (3D) or "
                          "circles (2D) centred at the origin. Boundaries: "
                          "inner, outer.")
} // namespace Fluxion
