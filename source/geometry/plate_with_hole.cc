#include <deal.II/grid/grid_generator.h>

#include <fluxion/geometry/plate_with_hole.h>

namespace Fluxion
{
  template <int dim>
  void
  PlateWithHole<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Hole radius",
                      "0.4",
                      Patterns::Double(0),
                      "[length] Radius of the hole, centred at the origin.");
    prm.declare_entry("Inner square half width",
                      "1",
                      Patterns::Double(0),
                      "[length] Half width of the square around the hole; the "
                      "cells between the hole and this square follow the "
                      "circle.");
    prm.declare_entry("Padding",
                      "1",
                      Patterns::Double(0),
                      "[length] Width of the plate added on every side of "
                      "the inner square.");
    prm.declare_entry("Thickness",
                      "1",
                      Patterns::Double(0),
                      "[length] Extent along z (3D only).");
  }

  template <int dim>
  void
  PlateWithHole<dim>::parse_parameters(ParameterHandler &prm)
  {
    hole_radius = prm.get_double("Hole radius");
    half_width  = prm.get_double("Inner square half width");
    padding     = prm.get_double("Padding");
    thickness   = prm.get_double("Thickness");
    AssertThrow(hole_radius > 0 && half_width > hole_radius,
                ExcMessage("Parameters <Geometry/plate with hole>: need 0 < "
                           "Hole radius < Inner square half width."));
  }

  template <int dim>
  void
  PlateWithHole<dim>::create_coarse_mesh(Triangulation<dim> &tria) const
  {
    AssertThrow(dim > 1,
                ExcMessage("Parameter <Geometry/Model>: the plate with a hole "
                           "needs Dimension = 2 or 3."));
    if constexpr (dim > 1)
      GridGenerator::plate_with_a_hole(tria,
                                       hole_radius,
                                       half_width,
                                       padding,
                                       padding,
                                       padding,
                                       padding,
                                       Point<dim>(),
                                       0,
                                       1,
                                       thickness,
                                       2,
                                       true);
    // One material region.
    for (const auto &cell : tria.active_cell_iterators())
      cell->set_material_id(0);
  }

  template <int dim>
  std::map<std::string, types::boundary_id>
  PlateWithHole<dim>::boundary_names() const
  {
    std::map<std::string, types::boundary_id> m = {
      {"left", 0}, {"right", 1}, {"bottom", 2}, {"top", 3}, {"hole", 4}};
    if (dim == 3)
      {
        m["back"]  = 5;
        m["front"] = 6;
      }
    return m;
  }

  FLUXION_REGISTER_PLUGIN(Geometry,
                          PlateWithHole,
                          "plate with hole",
                          "A square plate with a circular hole at the origin "
                          "(2D), extruded along z in 3D. Boundaries: left, "
                          "right, bottom, top, hole (and back, front in 3D).")
} // namespace Fluxion
