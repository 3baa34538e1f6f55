#ifndef fluxion_boundary_interface_h
#define fluxion_boundary_interface_h

#include <deal.II/base/point.h>

#include <fluxion/core/plugin_registry.h>

#include <vector>

namespace Fluxion
{
  /**
   * The inward normal flux -J.n through a boundary and its derivative with
   * respect to the concentration at the boundary.
   */
  struct BoundaryFlux
  {
    double inward_flux;
    double d_inward_flux_dc;
  };

  /**
   * A boundary condition on one named boundary. It is either essential (a
   * prescribed concentration) or natural (a flux that may depend on the
   * concentration at the boundary).
   */
  template <int dim>
  class BoundaryCondition : public PluginBase
  {
  public:
    static std::string
    kind()
    {
      return "boundary condition";
    }

    /**
     * True for a prescribed concentration, false for a prescribed flux.
     */
    virtual bool
    is_essential() const = 0;

    /**
     * The prescribed concentration at a point and time (essential
     * conditions only).
     */
    virtual double
    concentration(const Point<dim> &p, const double t) const;

    /**
     * The inward flux -J.n at a point and time, for the concentration c on
     * the boundary (natural conditions only).
     */
    virtual BoundaryFlux
    flux(const Point<dim> &p, const double t, const double c) const;

    /**
     * The inward flux of field @p field of a coupled physics, for the
     * values of all fields at the boundary point (@p values), and its
     * derivatives with respect to each of them (@p d_flux, sized like
     * @p values). A condition that couples fields (electrode kinetics
     * depends on the species and the potential) overrides it; the default
     * is the scalar flux() of the field's own value.
     */
    virtual void
    coupled_flux(const Point<dim>          &p,
                 const double               t,
                 const std::vector<double> &values,
                 const unsigned int         field,
                 double                    &flux,
                 std::vector<double>       &d_flux) const;

    /**
     * Whether the prescribed concentration is the same everywhere and at
     * all times (essential conditions only).
     */
    virtual bool
    is_uniform() const
    {
      return false;
    }

    /**
     * The entries of the condition's subsection that hold its data, comma
     * separated (for error messages that point at them).
     */
    virtual std::string
    data_parameters() const
    {
      return "";
    }

    /**
     * Whether the data change in time.
     */
    virtual bool
    depends_on_time() const
    {
      return false;
    }
  };
} // namespace Fluxion

#endif
