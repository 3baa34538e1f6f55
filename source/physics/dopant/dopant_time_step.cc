#include <deal.II/dofs/dof_tools.h>
#include <deal.II/lac/exceptions.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_solver.h>

#include <fluxion/core/utilities.h>
#include <fluxion/physics/dopant/dopant_diffusion.h>
#include <fluxion/physics/time_error_norm.h>
#include <fluxion/solvers/solve_failure.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  unsigned int
  DopantDiffusion<dim>::solve_linear_system(VectorType &update)
  {
    TimerOutput::Scope timer_scope(*context.timer, "linear solve");
    update.reinit(residual);
    const bool direct =
      linear_solver == "direct" ||
      (linear_solver == "auto" && dof_handler.n_dofs() <= direct_solver_limit);
    unsigned int iterations = 1;
    if (direct)
      {
        SolverControl                  control(1, 0);
        TrilinosWrappers::SolverDirect solver(control);
        try
          {
            solver.solve(jacobian, update, residual);
          }
        catch (const LACExceptions::ExcTrilinosError &)
          {
            throw SolveFailure(SolveFailure::Kind::linear_solver,
                               "the direct solver failed");
          }
      }
    else
      {
        // GMRES with algebraic multigrid, rebuilt with every Jacobian.
        TrilinosWrappers::PreconditionAMG                 amg;
        TrilinosWrappers::PreconditionAMG::AdditionalData data;
        data.elliptic        = true;
        data.smoother_sweeps = 2;
        std::vector<std::vector<bool>> modes;
        DoFTools::extract_constant_modes(dof_handler,
                                         ComponentMask(dopants.size(), true),
                                         modes);
        data.constant_modes = modes;
        amg.initialize(jacobian, data);
        SolverControl           control(1000, 1e-10 * residual.l2_norm());
        SolverGMRES<VectorType> solver(
          control, typename SolverGMRES<VectorType>::AdditionalData(100));
        try
          {
            solver.solve(jacobian, update, residual, amg);
          }
        catch (const SolverControl::NoConvergence &e)
          {
            throw SolveFailure(SolveFailure::Kind::linear_solver,
                               "GMRES did not converge in " +
                                 std::to_string(e.last_step) + " iterations");
          }
        iterations = control.last_step();
      }
    zero_constraints.distribute(update);
    return iterations;
  }

  template <int dim>
  StepResult
  DopantDiffusion<dim>::solve_step(const TimeStepData &data)
  {
    StepResult result;
    // History term sum_k beta_k C^{n-k}, once per step (not per Newton
    // iteration), and the predictor with the surface values in place.
    this->begin_step(data);
    make_constraints(data.time);
    VectorType u(locally_owned_dofs, context.mpi_communicator);
    this->predict(data, u);
    const VectorType predictor(u);

    try
      {
        VectorType update;
        for (unsigned int it = 0; it < max_newton_iterations; ++it)
          {
            solution = u;
            // The positivity correction is frozen over the Newton
            // iterations of a step; with the constant model it only
            // changes with the mesh, the temperature and the surface
            // conditions.
            const double       T    = process->temperature(data.time);
            const unsigned int part = process->step_index(data.time);
            const bool refresh = it == 0 && (fermi || !correction_current ||
                                             T != correction_temperature ||
                                             part != correction_part);
            assemble(data, true, refresh);
            correction_current     = true;
            correction_temperature = T;
            correction_part        = part;
            const double r         = residual.l2_norm();
            if (!std::isfinite(r))
              throw SolveFailure(SolveFailure::Kind::not_finite,
                                 "the residual is not finite");
            result.linear_iterations += solve_linear_system(update);
            ++result.nonlinear_iterations;
            u.add(-1.0, update);
            const double u_norm = u.linfty_norm();
            if (!std::isfinite(u_norm))
              throw SolveFailure(SolveFailure::Kind::not_finite,
                                 "the solution is not finite");
            if (!fermi || update.linfty_norm() <=
                            newton_tolerance * std::max(u_norm, 1e-300))
              {
                result.converged = true;
                break;
              }
          }
        if (!result.converged)
          result.failure = "Newton's method did not converge in " +
                           std::to_string(max_newton_iterations) +
                           " iterations";
      }
    catch (const SolveFailure &e)
      {
        // A failed step, which the time stepping cuts; any other exception
        // is an error and ends the run.
        result.converged = false;
        result.failure   = e.what();
      }
    this->end_step(u);
    if (result.converged && data.error_constant > 0)
      {
        result.error_estimate =
          data.error_constant * relative_time_error(predictor,
                                                    u,
                                                    lumped_mass,
                                                    time_error_floor,
                                                    context.mpi_communicator);
      }
    return result;
  }

#define FLUXION_INSTANTIATE(dim)                                   \
  template unsigned int DopantDiffusion<dim>::solve_linear_system( \
    VectorType &);                                                 \
  template StepResult DopantDiffusion<dim>::solve_step(const TimeStepData &);
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
