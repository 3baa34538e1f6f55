#ifndef fluxion_refinement_interface_h
#define fluxion_refinement_interface_h

#include <deal.II/lac/vector.h>

#include <fluxion/core/plugin_registry.h>
#include <fluxion/physics/fields.h>

namespace Fluxion
{
  template <int dim>
  class PhysicsInterface;

  /**
   * A refinement criterion gives a non-negative indicator per active cell;
   * cells with large indicators are refined and cells with small ones
   * coarsened.
   */
  template <int dim>
  class RefinementCriterion : public PluginBase
  {
  public:
    static std::string
    kind()
    {
      return "refinement criterion";
    }

    /**
     * Check the field names and scales of the parameters against the
     * fields of the physics, before anything is solved; errors name the
     * parameter. The default has no field names.
     */
    virtual void
    check_fields(const FieldDescriptions &fields) const
    {
      (void)fields;
    }

    /**
     * Fill @p indicators (one entry per active cell of the local
     * triangulation; only locally owned cells matter).
     */
    virtual void
    estimate(const PhysicsInterface<dim> &physics,
             Vector<float>               &indicators) const = 0;
  };
} // namespace Fluxion

#endif
