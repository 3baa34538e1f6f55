#ifndef fluxion_physics_dopant_thermal_process_h
#define fluxion_physics_dopant_thermal_process_h

#include <string>
#include <vector>

namespace Fluxion
{
  /**
   * A thermal process: a sequence of named steps, each a dwell at one
   * temperature or a linear ramp between two, with a duration. The
   * temperature is piecewise linear in time. Written as
   *
   *   predep: 950 C, 30 min; ramp: 950 -> 1100 C, 15 min; drive: 1100 C, 1 h
   *
   * Temperatures are in C (or K with a K suffix), durations in s, min or h.
   */
  class ThermalProcess
  {
  public:
    struct Step
    {
      std::string name;
      double      T_start_K  = 0;
      double      T_end_K    = 0;
      double      duration_s = 0;
      double      start_s    = 0;
    };

    /**
     * Read the steps from @p text; errors name @p parameter. The process
     * starts at @p start_time_s.
     */
    ThermalProcess(const std::string &text,
                   const std::string &parameter,
                   const double       start_time_s);

    const std::vector<Step> &
    steps() const
    {
      return step_list;
    }

    /// The step that a time step ending at @p t belongs to.
    unsigned int
    step_index(const double t) const;

    /// The temperature in K at time @p t (s).
    double
    temperature(const double t) const;

    /// The end of the last step (s).
    double
    end_time() const;

    /// The times between steps and at the end (s).
    std::vector<double>
    breakpoints() const;

  private:
    std::vector<Step> step_list;
  };
} // namespace Fluxion

#endif
