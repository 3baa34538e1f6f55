#ifndef fluxion_geometry_plate_with_hole_h
#define fluxion_geometry_plate_with_hole_h

#include <fluxion/geometry/interface.h>

namespace Fluxion
{
  /**
   * A rectangular plate (2D) or slab (3D, extruded along z) with a circular
   * hole, from GridGenerator::plate_with_a_hole. Boundaries: left, right,
   * bottom, top, hole, and back and front in 3D.
   */
  template <int dim>
  class PlateWithHole : public Geometry<dim>
  {
  public:
    static void
    declare_parameters(ParameterHandler &prm);

    void
    parse_parameters(ParameterHandler &prm) override;

    void
    create_coarse_mesh(Triangulation<dim> &tria) const override;

    std::map<std::string, types::boundary_id>
    boundary_names() const override;

  private:
    double hole_radius = 0.4;
    double half_width  = 1.0;
    double padding     = 1.0;
    double thickness   = 1.0;
  };
} // namespace Fluxion

#endif
