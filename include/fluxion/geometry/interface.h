#ifndef fluxion_geometry_interface_h
#define fluxion_geometry_interface_h

#include <deal.II/grid/tria.h>

#include <fluxion/core/plugin_registry.h>

#include <map>
#include <string>

namespace Fluxion
{
  /**
   * A geometry builds the coarse mesh, with boundary ids, material ids and
   * manifolds, and names its boundaries and material regions so that the
   * parameter file can refer to them by name.
   */
  template <int dim>
  class Geometry : public PluginBase
  {
  public:
    static std::string
    kind()
    {
      return "geometry";
    }

    /**
     * Fill the (empty) triangulation with the coarse mesh.
     */
    virtual void
    create_coarse_mesh(Triangulation<dim> &tria) const = 0;

    /**
     * Names of the boundaries and their ids.
     */
    virtual std::map<std::string, types::boundary_id>
    boundary_names() const = 0;

    /**
     * Names of the material regions and their ids. The default is a single
     * region called "domain" with id 0.
     */
    virtual std::map<std::string, types::material_id>
    region_names() const;
  };
} // namespace Fluxion

#endif
