#ifndef fluxion_core_time_stepping_h
#define fluxion_core_time_stepping_h

#include <deal.II/base/conditional_ostream.h>

#include <fluxion/physics/interface.h>

#include <string>
#include <vector>

namespace Fluxion
{
  /**
   * The step control of a transient run: the size of the next step (up to
   * the next breakpoint of the data or the end), the BDF coefficients, the
   * predictor and the error constant of each attempt, the cut after a
   * failed solve, accept/reject from the local error estimate, and the
   * size of the step after an accepted one. It keeps the step size and the
   * times of the solution history (newest first); the simulator keeps the
   * time itself and counts the steps.
   */
  class TimeStepping
  {
  public:
    /**
     * The parameters of <Time stepping>, and the breakpoints of the data.
     */
    struct Settings
    {
      double              start_time   = 0;
      double              end_time     = 1;
      bool                bdf2         = true;
      bool                adaptive     = true;
      double              initial_step = 1e-3;
      double              minimum_step = 1e-12;
      double              maximum_step = 1e300;
      double              tolerance    = 1e-4;
      std::vector<double> breakpoints;
    };

    /**
     * Step control with the default settings.
     */
    TimeStepping();

    explicit TimeStepping(const Settings &settings);

    /**
     * Start at @p time with the initial step and a history of one solution.
     */
    void
    start(const double time);

    /**
     * Whether @p time is before the end (up to round-off).
     */
    bool
    before_end(const double time) const;

    /**
     * The size of the step to attempt from @p time: the current step,
     * bounded by the maximum step, ending exactly on the next breakpoint or
     * the end, and without a sliver of a last step.
     */
    double
    next_step_size(const double time) const;

    /**
     * The data of a step of size @p h from @p time: BDF2 (or implicit
     * Euler) coefficients for the history, the predictor weights and the
     * error constant; the error constant is 0 (no error control) unless the
     * step is adaptive and @p error_control is set (it is not right after a
     * mesh change).
     */
    TimeStepData
    step_data(const double time,
              const double h,
              const bool   error_control) const;

    /**
     * The solve of the step of size @p h from @p time failed: cut the step
     * to a quarter and say so on @p out. Throws a CollectiveError when that
     * is below the minimum step.
     */
    void
    cut_after_failure(const double              time,
                      const double              h,
                      const std::string        &failure,
                      const ConditionalOStream &out);

    /**
     * Judge the converged step of size @p h from @p time by its error
     * estimate. Returns false, with a smaller step, if the error is above
     * the tolerance; throws a CollectiveError when that step is below the
     * minimum step.
     */
    bool
    error_acceptable(const TimeStepData &data,
                     const StepResult   &result,
                     const double        time,
                     const double        h);

    /**
     * The step of size @p h to @p new_time was accepted: add it to the
     * history and choose the next step size (after error_acceptable()). At a
     * breakpoint the history starts again, like a new run.
     */
    void
    accept(const double new_time, const double h);

    /**
     * The current step size.
     */
    double
    step_size() const
    {
      return dt;
    }

    /**
     * Times of the solution history, newest first.
     */
    const std::vector<double> &
    history() const
    {
      return history_times;
    }

    /**
     * Continue with a step size and history from a checkpoint.
     */
    void
    restore(const double step_size, const std::vector<double> &history);

  private:
    // Round-off in time: 1e-12 of the length of the run.
    double
    epsilon() const;

    Settings            settings;
    double              dt;
    std::vector<double> history_times;
    // Error estimate over tolerance of the last judged step; -1 when the
    // step was not judged.
    double error_ratio = -1;
  };
} // namespace Fluxion

#endif
