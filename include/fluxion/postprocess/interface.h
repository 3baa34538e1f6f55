#ifndef fluxion_postprocess_interface_h
#define fluxion_postprocess_interface_h

#include <fluxion/core/plugin_registry.h>
#include <fluxion/core/statistics.h>
#include <fluxion/physics/fields.h>

#include <vector>

namespace Fluxion
{
  template <int dim>
  class PhysicsInterface;

  /**
   * A postprocessor evaluates the solution after every step and adds
   * columns to the statistics table, or writes files of its own.
   */
  template <int dim>
  class Postprocessor : public PluginBase
  {
  public:
    static std::string
    kind()
    {
      return "postprocessor";
    }

    /**
     * Evaluate the current solution. @p write_files is true on output
     * steps, when the postprocessor may write files into @p directory.
     */
    virtual void
    execute(const PhysicsInterface<dim> &physics,
            Statistics                  &statistics,
            const bool                   write_files,
            const std::string           &directory) = 0;

    /**
     * Check the field names of the parameters against the fields of the
     * physics, before anything is solved; errors name the parameter. The
     * default has no field names.
     */
    virtual void
    check_fields(const FieldDescriptions &fields) const
    {
      (void)fields;
    }

    /**
     * What the postprocessor carries from step to step (reference values,
     * running extremes, file counters), for checkpoints, so that a resumed
     * run reports what the uninterrupted run would. Every rank returns the
     * same numbers. The default carries nothing.
     */
    virtual std::vector<double>
    get_state() const
    {
      return {};
    }

    /**
     * Continue from numbers of get_state() read from a checkpoint.
     */
    virtual void
    set_state(const std::vector<double> &state)
    {
      (void)state;
    }
  };
} // namespace Fluxion

#endif
