#ifndef fluxion_geometry_cylindrical_shell_h
#define fluxion_geometry_cylindrical_shell_h

#include <fluxion/geometry/interface.h>

namespace Fluxion
{
  /**
   * The region between two coaxial cylinders around the z axis, from z = 0
   * to z = length (3D only), with a cylindrical manifold. Boundaries: inner,
   * outer, bottom (z = 0), top (z = length).
   */
  template <int dim>
  class CylindricalShell : public Geometry<dim>
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
    double       length       = 1.0;
    unsigned int n_radial     = 0;
    unsigned int n_axial      = 0;
  };
} // namespace Fluxion

#endif
