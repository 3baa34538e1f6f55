#ifndef fluxion_materials_diffusivity_law_h
#define fluxion_materials_diffusivity_law_h

#include <deal.II/base/point.h>

#include <fluxion/core/plugin_registry.h>

#include <vector>

namespace Fluxion
{
  /**
   * The value of a diffusivity and its derivative with respect to the
   * concentration, so that Newton's method gets an exact Jacobian.
   */
  struct DiffusivityValue
  {
    double D;
    double dD_dc;
  };

  /**
   * The value of a coefficient of a coupled physics and its derivatives
   * with respect to each of its fields, for an exact Jacobian.
   */
  struct LawDerivatives
  {
    double              value = 0;
    std::vector<double> derivatives;
  };

  /**
   * A diffusivity law D(x, t, c, T) of one material region. Lengths are in
   * the length unit of the run, times in s, temperatures in K.
   */
  template <int dim>
  class DiffusivityLaw : public PluginBase
  {
  public:
    static std::string
    kind()
    {
      return "diffusivity law";
    }

    /**
     * D and dD/dc at a point, a time, a concentration and a temperature.
     */
    virtual DiffusivityValue
    evaluate(const Point<dim> &p,
             const double      t,
             const double      c,
             const double      T) const = 0;

    /**
     * D of the species @p own in a coupled physics, for the values of all
     * fields at the point, and dD with respect to each field. A law that
     * depends on other fields (e.g. on the potential) overrides it; the
     * default is evaluate() with the species' own concentration.
     */
    virtual LawDerivatives
    evaluate_fields(const Point<dim>          &p,
                    const double               t,
                    const std::vector<double> &fields,
                    const unsigned int         own,
                    const double               T) const
    {
      const DiffusivityValue v = evaluate(p, t, fields[own], T);
      LawDerivatives         d;
      d.value = v.D;
      d.derivatives.assign(fields.size(), 0.0);
      d.derivatives[own] = v.dD_dc;
      return d;
    }

    /**
     * Whether D depends on c (which makes the problem nonlinear).
     */
    virtual bool
    depends_on_concentration() const
    {
      return false;
    }

    /**
     * Whether D is one number (independent of x, t, c and T).
     */
    virtual bool
    is_uniform() const
    {
      return false;
    }

    /**
     * Whether D depends on the position x (a law that does not say is
     * taken to, unless it is uniform).
     */
    virtual bool
    depends_on_position() const
    {
      return !is_uniform();
    }

    /**
     * Whether D depends explicitly on time.
     */
    virtual bool
    depends_on_time() const
    {
      return false;
    }

    /**
     * Whether D depends on the temperature.
     */
    virtual bool
    depends_on_temperature() const
    {
      return false;
    }

    /**
     * The entries of the law's subsection that define D, comma separated
     * (for error messages that point at them).
     */
    virtual std::string
    data_parameters() const
    {
      return "";
    }

    /**
     * Meters per length unit of the run, for laws with absolute units.
     */
    double length_unit_in_m = 1.0;
  };
} // namespace Fluxion

#endif
