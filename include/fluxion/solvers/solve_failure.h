#ifndef fluxion_solvers_solve_failure_h
#define fluxion_solvers_solve_failure_h

#include <stdexcept>
#include <string>

namespace Fluxion
{
  /**
   * A failure of the solve of one time step that a shorter step may cure:
   * Newton's method did not converge, a residual or an iterate is not a
   * finite number, or the linear solver failed. A physics throws it (or
   * catches it) to report the step as failed; the time stepping then cuts
   * the step. Any other exception is an error of the input or of the
   * program and ends the run. It is a std::runtime_error, which the Fickian
   * physics already treats as a failed step.
   */
  class SolveFailure : public std::runtime_error
  {
  public:
    enum class Kind
    {
      /// Newton's method did not converge in the allowed iterations.
      no_convergence,
      /// The residual or the solution is not a finite number.
      not_finite,
      /// The linear solver did not converge or failed.
      linear_solver
    };

    /**
     * A failure of @p kind, described by @p message (one short clause,
     * shown on the progress line).
     */
    SolveFailure(const Kind kind, const std::string &message)
      : std::runtime_error(message)
      , failure_kind(kind)
    {}

    /// What failed.
    Kind
    kind() const
    {
      return failure_kind;
    }

  private:
    Kind failure_kind;
  };
} // namespace Fluxion

#endif
