#ifndef fluxion_geometry_box_h
#define fluxion_geometry_box_h

#include <fluxion/geometry/interface.h>

#include <vector>

namespace Fluxion
{
  /**
   * An axis-aligned interval, rectangle or box with subdivisions, optionally
   * split into layered material regions along x. Boundaries: left, right
   * (x), bottom, top (y), back, front (z).
   */
  template <int dim>
  class Box : public Geometry<dim>
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

    std::map<std::string, types::material_id>
    region_names() const override;

  private:
    Point<dim>                lower, upper;
    std::vector<unsigned int> subdivisions;
    std::vector<double>       interfaces;
    std::vector<std::string>  regions;
    bool                      disconnected = false;
  };
} // namespace Fluxion

#endif
