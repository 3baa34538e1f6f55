#include <fluxion/core/time_stepping.h>
#include <fluxion/core/utilities.h>

#include <algorithm>
#include <cmath>

namespace Fluxion
{
  TimeStepping::TimeStepping()
    : TimeStepping(Settings())
  {}

  TimeStepping::TimeStepping(const Settings &settings)
    : settings(settings)
    , dt(settings.initial_step)
  {}

  void
  TimeStepping::start(const double time)
  {
    dt            = settings.initial_step;
    history_times = {time};
  }

  double
  TimeStepping::epsilon() const
  {
    return 1e-12 * std::abs(settings.end_time - settings.start_time);
  }

  bool
  TimeStepping::before_end(const double time) const
  {
    return time < settings.end_time - epsilon();
  }

  double
  TimeStepping::next_step_size(const double time) const
  {
    // Steps end on the next breakpoint of the data, or the end.
    const double eps    = epsilon();
    double       target = settings.end_time;
    for (const double b : settings.breakpoints)
      if (b > time + eps && b < target)
        target = b;
    double h = std::min({dt, settings.maximum_step, target - time});
    // Avoid a sliver of a last step; a last step that equals dt up to
    // roundoff keeps dt exactly (and with it the matrix).
    if (target - time - h < 0.1 * h)
      h = target - time;
    if (std::abs(h - dt) < 1e-9 * dt)
      h = dt;
    return h;
  }

  TimeStepData
  TimeStepping::step_data(const double time,
                          const double h,
                          const bool   error_control) const
  {
    TimeStepData       data;
    const unsigned int n_hist = history_times.size();
    data.steady               = false;
    data.time                 = time + h;
    data.dt                   = h;
    if (settings.bdf2 && n_hist >= 2)
      {
        const double w = h / (history_times[0] - history_times[1]);
        data.alpha     = (1 + 2 * w) / ((1 + w) * h);
        data.beta      = {(1 + w) / h, -w * w / ((1 + w) * h)};
      }
    else
      {
        data.alpha = 1 / h;
        data.beta  = {1 / h};
      }
    // Predictor: Lagrange extrapolation through the history.
    const unsigned int np = std::min(n_hist, 3u);
    data.gamma.assign(np, 1.0);
    for (unsigned int i = 0; i < np; ++i)
      for (unsigned int j = 0; j < np; ++j)
        if (j != i)
          data.gamma[i] *= (data.time - history_times[j]) /
                           (history_times[i] - history_times[j]);
    // Local error estimates from the distance between predictor and
    // corrector, for equal steps: BDF2 with a quadratic predictor 2/11 of
    // it, implicit Euler 1 (quadratic predictor) or 1/3 (linear predictor).
    data.error_constant = !settings.adaptive ? 0.0 :
                          settings.bdf2      ? (np == 3 ? 2.0 / 11.0 : 0.0) :
                                               (np == 3 ? 1.0 :
                                                np == 2 ? 1.0 / 3.0 :
                                                          0.0);
    // Right after a mesh change the history holds interpolated fields, and
    // the predictor would measure the mesh change rather than the time
    // error.
    if (!error_control)
      data.error_constant = 0;
    return data;
  }

  void
  TimeStepping::cut_after_failure(const double              time,
                                  const double              h,
                                  const std::string        &failure,
                                  const ConditionalOStream &out)
  {
    error_ratio = -1;
    dt          = h / 4;
    out << "  step to t = " << time + h << " failed (" << failure
        << "); cutting the step to " << dt << " s" << std::endl;
    if (dt < settings.minimum_step)
      throw CollectiveError("The solve failed at t = " + std::to_string(time) +
                            " s (" + failure +
                            ") and the time step fell below "
                            "<Time stepping/Minimum step>.");
  }

  bool
  TimeStepping::error_acceptable(const TimeStepData &data,
                                 const StepResult   &result,
                                 const double        time,
                                 const double        h)
  {
    error_ratio = -1;
    if (!(data.error_constant > 0))
      return true;
    error_ratio = result.error_estimate / settings.tolerance;
    if (!(error_ratio > 1))
      return true;
    dt = h * std::max(0.2, 0.9 * std::pow(error_ratio, -1. / 3));
    if (dt < settings.minimum_step)
      throw CollectiveError("The error-controlled time step fell below <Time "
                            "stepping/Minimum step> at t = " +
                            std::to_string(time) + " s.");
    return false;
  }

  void
  TimeStepping::accept(const double new_time, const double h)
  {
    history_times.insert(history_times.begin(), new_time);
    if (history_times.size() > 3)
      history_times.resize(3);
    bool at_breakpoint = false;
    for (const double b : settings.breakpoints)
      at_breakpoint |= std::abs(new_time - b) <= epsilon();

    // Next step size; small changes are not worth a new matrix.
    dt = h;
    if (settings.adaptive && error_ratio >= 0)
      {
        const double factor =
          std::min(2.0, 0.9 * std::pow(std::max(error_ratio, 1e-10), -1. / 3));
        if (factor >= 1.25 || factor < 1)
          dt = h * std::max(factor, 0.2);
      }
    // The data jump here: restart the history like a new run.
    if (at_breakpoint)
      {
        history_times = {new_time};
        dt            = settings.initial_step;
      }
  }

  void
  TimeStepping::restore(const double               step_size,
                        const std::vector<double> &history)
  {
    dt            = step_size;
    history_times = history;
  }
} // namespace Fluxion
