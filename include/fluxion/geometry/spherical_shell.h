#ifndef fluxion_geometry_spherical_shell_h
#define fluxion_geometry_spherical_shell_h

#include <fluxion/geometry/interface.h>

namespace Fluxion
{
  /**
   * The region between two concentric spheres (3D) or circles (2D), with a
   * spherical manifold so that refinement follows the curved boundaries.
   * Boundaries: inner, outer.
   */
  template <int dim>
  class SphericalShell : public Geometry<dim>
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
    double       inner_radius = 0.5;
    double       outer_radius = 1.0;
    unsigned int n_cells      = 0;
  };
} // namespace Fluxion

#endif
