#include <deal.II/grid/grid_generator.h>

#include <fluxion/geometry/cylindrical_shell.h>

namespace Fluxion
{
  template <int dim>
  void
  CylindricalShell<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Inner radius",
                      "0.5",
                      Patterns::Double(0),
                      "[length] Radius of the inner cylinder.");
    prm.declare_entry("Outer radius",
                      "1",
                      Patterns::Double(0),
                      "[length] Radius of the outer cylinder.");
    prm.declare_entry("Length",
                      "1",
                      Patterns::Double(0),
                      "[length] Length along z.");
    prm.declare_entry("Radial cells",
                      "0",
                      Patterns::Integer(0),
                      "Coarse cells around the circumference (0: automatic).");
    prm.declare_entry("Axial cells",
                      "0",
                      Patterns::Integer(0),
                      "Coarse cells along z (0: automatic).");
  }

  template <int dim>
  void
  CylindricalShell<dim>::parse_parameters(ParameterHandler &prm)
  {
    inner_radius = prm.get_double("Inner radius");
    outer_radius = prm.get_double("Outer radius");
    length       = prm.get_double("Length");
    n_radial     = prm.get_integer("Radial cells");
    n_axial      = prm.get_integer("Axial cells");
    AssertThrow(inner_radius > 0 && outer_radius > inner_radius && length > 0,
                ExcMessage("Parameters <Geometry/cylindrical shell>: need "
                           "0 < Inner radius < Outer radius and Length > 0."));
  }

  template <int dim>
  void
  CylindricalShell<dim>::create_coarse_mesh(Triangulation<dim> &tria) const
  {
    AssertThrow(dim == 3,
                ExcMessage("Parameter <Geometry/Model>: the cylindrical shell "
                           "needs Dimension = 3 (use the spherical shell for "
                           "an annulus in 2D)."));
    GridGenerator::cylinder_shell(
      tria, length, inner_radius, outer_radius, n_radial, n_axial);
    // Name the boundaries by position.
    const double r_mid = 0.5 * (inner_radius + outer_radius);
    for (const auto &cell : tria.active_cell_iterators())
      for (const auto &face : cell->face_iterators())
        if (face->at_boundary())
          {
            const Point<dim> c = face->center();
            const double     r = std::hypot(c[0], c[1]);
            if (std::abs(c[dim - 1]) < 1e-8 * length)
              face->set_boundary_id(2);
            else if (std::abs(c[dim - 1] - length) < 1e-8 * length)
              face->set_boundary_id(3);
            else
              face->set_boundary_id(r < r_mid ? 0 : 1);
          }
  }

  template <int dim>
  std::map<std::string, types::boundary_id>
  CylindricalShell<dim>::boundary_names() const
  {
    return {{"inner", 0}, {"outer", 1}, {"bottom", 2}, {"top", 3}};
  }

  FLUXION_REGISTER_PLUGIN(Geometry,
                          CylindricalShell,
                          "cylindrical shell",
                          "The region between two coaxial cylinders around "
                          "the z axis (3D). Boundaries: inner, outer, bottom "
                          "(z = 0), top (z = length).")
} // namespace Fluxion
