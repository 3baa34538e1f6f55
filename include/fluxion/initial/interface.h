#ifndef fluxion_initial_interface_h
#define fluxion_initial_interface_h

#include <deal.II/base/point.h>

#include <fluxion/core/plugin_registry.h>

namespace Fluxion
{
  /**
   * The initial concentration field.
   */
  template <int dim>
  class InitialCondition : public PluginBase
  {
  public:
    static std::string
    kind()
    {
      return "initial condition";
    }

    /**
     * The initial concentration at a point.
     */
    virtual double
    value(const Point<dim> &p) const = 0;

    /**
     * The entries of the model's subsection that hold its data, comma
     * separated (for error messages that point at them).
     */
    virtual std::string
    data_parameters() const
    {
      return "";
    }

    /**
     * Whether the value is the same everywhere.
     */
    virtual bool
    is_uniform() const
    {
      return false;
    }
  };
} // namespace Fluxion

#endif
