#include <deal.II/lac/trilinos_vector.h>

#include <fluxion/core/utilities.h>
#include <fluxion/solvers/newton_solver.h>

#include <cmath>

namespace Fluxion
{
  namespace
  {
    std::string
    list_of(const std::vector<double> &values)
    {
      std::string s;
      for (const double v : values)
        s += (s.empty() ? "" : ", ") + Utilities::to_string(v);
      return s;
    }
  } // namespace

  void
  NewtonSettings::declare_parameters(ParameterHandler     &prm,
                                     const NewtonSettings &defaults)
  {
    prm.declare_entry("Newton tolerance",
                      list_of(defaults.update_tolerances),
                      Patterns::List(Patterns::Double(0), 1),
                      "[-] Newton stops when the max norm of the update is "
                      "below this times the max norm of the solution, for "
                      "every field: one value for all fields, or one per "
                      "field in the order of the physics' fields.");
    prm.declare_entry("Newton absolute tolerance",
                      Utilities::to_string(defaults.residual_tolerance),
                      Patterns::Double(0),
                      "[amount/s] Newton also stops when the l2 norm of the "
                      "residual falls below this.");
    prm.declare_entry("Maximum Newton iterations",
                      std::to_string(defaults.max_iterations),
                      Patterns::Integer(1),
                      "Newton iteration limit; the step is then cut.");
    prm.declare_entry("Line search",
                      defaults.line_search ? "true" : "false",
                      Patterns::Bool(),
                      "Backtrack Newton steps that do not reduce the "
                      "residual (halving the step up to 8 times).");
    prm.declare_entry("Newton damping",
                      Utilities::to_string(defaults.damping),
                      Patterns::Double(0, 1),
                      "[-] Length of the first trial step of each Newton "
                      "iteration, in (0, 1] (1: undamped Newton).");
  }

  void
  NewtonSettings::parse_parameters(ParameterHandler  &prm,
                                   const unsigned int n_fields,
                                   const std::string &section)
  {
    update_tolerances.clear();
    for (const auto &t :
         Utilities::split_string_list(prm.get("Newton tolerance")))
      update_tolerances.push_back(Utilities::string_to_double(t));
    AssertThrow(update_tolerances.size() == 1 ||
                  update_tolerances.size() == n_fields,
                ExcMessage("<" + section + "/Newton tolerance> has " +
                           std::to_string(update_tolerances.size()) +
                           " values; give one for all fields or one per "
                           "field (" +
                           std::to_string(n_fields) + ")."));
    for (const double t : update_tolerances)
      AssertThrow(t > 0,
                  ExcMessage("<" + section +
                             "/Newton tolerance> must be positive."));
    residual_tolerance = prm.get_double("Newton absolute tolerance");
    max_iterations     = prm.get_integer("Maximum Newton iterations");
    line_search        = prm.get_bool("Line search");
    damping            = prm.get_double("Newton damping");
    AssertThrow(damping > 0 && damping <= 1,
                ExcMessage("<" + section + "/Newton damping> is " +
                           prm.get("Newton damping") +
                           "; it must be in (0, 1]."));
  }

  template <typename VectorType>
  NewtonSolver<VectorType>::NewtonSolver(const NewtonSettings &settings)
    : settings(settings)
  {}

  template <typename VectorType>
  void
  NewtonSolver<VectorType>::solve(VectorType &u,
                                  const bool  linear,
                                  StepResult &result) const
  {
    result.converged = false;
    result.failure.clear();
    result.failure_type = StepFailure::none;
    try
      {
        VectorType du(u);
        for (unsigned int it = 0; it < (linear ? 1u : settings.max_iterations);
             ++it)
          {
            assemble(u, true);
            const double r_norm = residual_norm();
            if (!std::isfinite(r_norm))
              throw StepError(StepFailure::not_finite,
                              "the residual is not finite");
            if (!linear && r_norm <= settings.residual_tolerance)
              {
                result.converged = true;
                return;
              }
            result.linear_iterations += solve_linearized(du);

            ++result.nonlinear_iterations;

            bool   sufficient = true;
            double lambda     = settings.damping;
            if (!linear && settings.line_search)
              {
                const VectorType u0(u);
                lambda = line_search(u, du, r_norm, sufficient);
                // A residual at round-off cannot decrease: a full step
                // below the tolerance is converged all the same.
                if (!sufficient && update_small(u0, du, 1.0))
                  {
                    u = u0;
                    u.add(1.0, du);
                    lambda     = 1.0;
                    sufficient = true;
                  }
              }
            else
              u.add(lambda, du);

            const double u_norm = u.linfty_norm();
            if (!std::isfinite(u_norm))
              throw StepError(StepFailure::not_finite,
                              "the solution is not finite");
            if (linear || (sufficient && update_small(u, du, lambda)))
              {
                result.converged = true;
                return;
              }
          }
        result.failure_type = StepFailure::not_converged;
        result.failure      = "Newton's method did not converge in " +
                         std::to_string(settings.max_iterations) +
                         " iterations";
      }
    catch (const StepError &e)
      {
        result.converged    = false;
        result.failure_type = e.type;
        result.failure      = e.what();
      }
  }

  template <typename VectorType>
  double
  NewtonSolver<VectorType>::line_search(VectorType       &u,
                                        const VectorType &du,
                                        const double      r_norm,
                                        bool             &sufficient) const
  {
    const VectorType u0(u);
    double           lambda = settings.damping;
    double           trial  = lambda;
    sufficient              = false;
    std::string invalid;
    bool        last_invalid = false;
    for (unsigned int ls = 0; ls < settings.max_backtracks && !sufficient; ++ls)
      {
        lambda = trial;
        u      = u0;
        u.add(lambda, du);
        trial *= 0.5;
        try
          {
            assemble(u, false);
          }
        catch (const StepError &e)
          {
            // A law that is not valid at the trial point: a shorter step.
            if (e.type != StepFailure::invalid_state)
              throw;
            invalid      = e.what();
            last_invalid = true;
            continue;
          }
        last_invalid       = false;
        const double r_new = residual_norm();
        sufficient =
          std::isfinite(r_new) && r_new <= (1 - 1e-4 * lambda) * r_norm;
      }
    if (last_invalid)
      throw StepError(StepFailure::invalid_state, invalid);
    return lambda;
  }

  template <typename VectorType>
  bool
  NewtonSolver<VectorType>::update_small(const VectorType &u,
                                         const VectorType &du,
                                         const double      lambda) const
  {
    if (field_dofs.empty())
      return lambda * du.linfty_norm() <=
             settings.update_tolerances[0] * std::max(u.linfty_norm(), 1e-300);
    // Max norms of u and du per field, reduced over the ranks together.
    const unsigned int  n = field_dofs.size();
    std::vector<double> norms(2 * n, 0.0);
    for (unsigned int f = 0; f < n; ++f)
      for (const auto i : field_dofs[f])
        {
          norms[f]     = std::max(norms[f], std::abs(u[i]));
          norms[n + f] = std::max(norms[n + f], std::abs(du[i]));
        }
    Utilities::MPI::max(norms, u.get_mpi_communicator(), norms);
    for (unsigned int f = 0; f < n; ++f)
      {
        const double tol   = settings.tolerance(f);
        const double floor = field_scales.empty() ? 1e-300 : field_scales[f];
        if (lambda * norms[n + f] > tol * std::max(norms[f], floor))
          return false;
      }
    return true;
  }

  template class NewtonSolver<TrilinosWrappers::MPI::Vector>;
} // namespace Fluxion
