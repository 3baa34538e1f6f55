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
   *
   * In 2D and 3D a mask layer (e.g. a patterned oxide) can cover the upper
   * face along the last axis: its cells form their own region, and the
   * cells inside the openings are removed. The top of the layer, the floors
   * of the openings and their side walls all belong to the upper boundary
   * (top in 2D, front in 3D), so surface conditions apply to all of them.
   * A thin layer of cells, the region 'interface', can separate the mask
   * from the box; it carries a finite transport coefficient across the
   * interface (dopant diffusion, <Interface layer regions>).
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
    /// The mesh with a mask layer.
    void
    create_masked_mesh(Triangulation<dim> &tria) const;

    /// The layered region (material id) at position @p x along the first
    /// axis.
    types::material_id
    region_at(const double x) const;

    /// Whether @p x lies on a coarse cell face along axis @p d.
    bool
    on_coarse_face(const double x, const unsigned int d) const;

    Point<dim>                lower, upper;
    std::vector<unsigned int> subdivisions;
    std::vector<double>       interfaces;
    std::vector<std::string>  regions;
    bool                      disconnected = false;
    /// Mask layer: thickness (0: none), cells across it, region name, and
    /// openings (x0, x1 in 2D; x0, x1, y0, y1 in 3D).
    double              mask_thickness    = 0;
    double              interface_layer   = 0;
    unsigned int        mask_subdivisions = 1;
    std::string         mask_name;
    std::vector<double> mask_openings;
  };
} // namespace Fluxion

#endif
