#ifndef fluxion_solvers_newton_solver_h
#define fluxion_solvers_newton_solver_h

#include <deal.II/base/index_set.h>
#include <deal.II/base/parameter_handler.h>

#include <fluxion/physics/interface.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace Fluxion
{
  /**
   * An error of an attempted step that a shorter step may avoid, with its
   * type (see StepFailure). Physics throw it from their assembly or linear
   * solve; the Newton solver and the time stepping act on the type, never
   * on the text.
   */
  class StepError : public std::runtime_error
  {
  public:
    StepError(const StepFailure type, const std::string &message)
      : std::runtime_error(message)
      , type(type)
    {}

    StepFailure type;
  };

  /**
   * The settings of Newton's method: tolerances per field, the line search
   * and the damping.
   */
  struct NewtonSettings
  {
    /// Iterations before the step is cut.
    unsigned int max_iterations = 20;

    /**
     * Newton stops when the update of every field, in the max norm, is
     * below its tolerance times the field's largest value. One entry per
     * field, or a single one for all.
     */
    std::vector<double> update_tolerances = {1e-10};

    /// Newton also stops when the residual's l2 norm is below this.
    double residual_tolerance = 0;

    /// Backtracking on the residual norm (Armijo, halving the step).
    bool line_search = true;

    /// Halvings before a step is given up.
    unsigned int max_backtracks = 8;

    /// The length of the first trial step (1 = undamped Newton).
    double damping = 1;

    /**
     * Declare the entries in the current subsection, with the values of
     * @p defaults as defaults: Newton tolerance (one per field or one for
     * all), Newton absolute tolerance, Maximum Newton iterations, Line
     * search and Newton damping.
     */
    static void
    declare_parameters(ParameterHandler &prm, const NewtonSettings &defaults);

    /**
     * Read them; @p n_fields checks the length of the tolerance list.
     */
    void
    parse_parameters(ParameterHandler  &prm,
                     const unsigned int n_fields,
                     const std::string &section);

    /// The tolerance of field @p f.
    double
    tolerance(const unsigned int f) const
    {
      return update_tolerances.size() == 1 ? update_tolerances[0] :
                                             update_tolerances[f];
    }
  };

  /**
   * Newton's method with a backtracking line search, shared by all physics.
   * The physics supplies its residual (and Jacobian) at an iterate and the
   * solution of the linearised system; the solver owns the iteration, the
   * line search, the convergence test per field and the classification of
   * failures.
   */
  template <typename VectorType>
  class NewtonSolver
  {
  public:
    /**
     * Compute the residual at @p u, and the Jacobian when @p with_jacobian
     * (the first evaluation of each iteration; line-search trials ask for
     * the residual only). Throws StepError(invalid_state) where the
     * material laws are not valid at @p u.
     */
    std::function<void(const VectorType &u, const bool with_jacobian)> assemble;

    /// The l2 norm of the last residual.
    std::function<double()> residual_norm;

    /**
     * Solve J du = -r for the last residual and Jacobian; returns the
     * linear iterations. Throws StepError(linear_solver) on failure.
     */
    std::function<unsigned int(VectorType &du)> solve_linearized;

    /**
     * The locally owned DoFs of each field, for the convergence test per
     * field. Empty: one test over all DoFs.
     */
    std::vector<IndexSet> field_dofs;

    /**
     * Per field (with field_dofs): the size below which an update is
     * measured absolutely, i.e. against max(largest value, scale). Empty:
     * relative to the largest value only.
     */
    std::vector<double> field_scales;

    explicit NewtonSolver(const NewtonSettings &settings);

    /**
     * Solve from @p u (owned, constraints satisfied); a @p linear problem
     * takes one step. The counts add to @p result; a failure is returned
     * in it with its type.
     */
    void
    solve(VectorType &u, const bool linear, StepResult &result) const;

  private:
    /**
     * The line search from @p u along @p du; returns the step length and
     * whether the residual decreased sufficiently.
     */
    double
    line_search(VectorType       &u,
                const VectorType &du,
                const double      r_norm,
                bool             &sufficient) const;

    /// Whether lambda du is below the tolerance of every field.
    bool
    update_small(const VectorType &u,
                 const VectorType &du,
                 const double      lambda) const;

    const NewtonSettings &settings;
  };
} // namespace Fluxion

#endif
