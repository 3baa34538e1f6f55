#ifndef fluxion_geometry_gmsh_mesh_h
#define fluxion_geometry_gmsh_mesh_h

#include <fluxion/geometry/interface.h>

namespace Fluxion
{
  /**
   * A quad or hex mesh from a Gmsh .msh file (format 2.2 or 4.1, ASCII).
   * Physical groups of boundary elements become named boundaries, physical
   * groups of cells named regions. Curved boundaries get a manifold from
   * the parameter <Curved boundaries>.
   */
  template <int dim>
  class GmshMesh : public Geometry<dim>
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

    /**
     * Directory of the parameter file, to resolve relative mesh paths.
     */
    static std::string input_directory;

  private:
    std::string                               filename;
    std::string                               curved;
    std::map<std::string, types::boundary_id> boundaries;
    std::map<std::string, types::material_id> regions;
  };
} // namespace Fluxion

#endif
