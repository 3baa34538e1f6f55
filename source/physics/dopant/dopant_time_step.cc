#include <deal.II/dofs/dof_tools.h>
#include <deal.II/lac/exceptions.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_solver.h>

#include <fluxion/core/utilities.h>
#include <fluxion/physics/dopant/dopant_diffusion.h>
#include <fluxion/physics/time_error_norm.h>
#include <fluxion/solvers/newton_solver.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  NewtonSettings
  DopantDiffusion<dim>::newton_defaults()
  {
    NewtonSettings defaults;
    defaults.max_iterations     = 25;
    defaults.update_tolerances  = {1e-10};
    defaults.residual_tolerance = 0;
    // Near convergence the residual is at the round-off of the
    // concentrations, where the line search's decrease test compares noise:
    // it would backtrack in vain (8 residuals) or accept a half step by
    // chance.
    defaults.line_search = false;
    defaults.damping     = 1;
    return defaults;
  }

  template <int dim>
  unsigned int
  DopantDiffusion<dim>::solve_linearized(VectorType &du)
  {
    TimerOutput::Scope timer_scope(*context.timer, "linear solve");
    // Solve J x = r, then du = -x (exact: both solvers are linear).
    du.reinit(residual);
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
            solver.solve(jacobian, du, residual);
          }
        catch (const LACExceptions::ExcTrilinosError &)
          {
            throw StepError(StepFailure::linear_solver,
                            "the direct solver failed");
          }
      }
    else
      {
        // GMRES with algebraic multigrid, rebuilt with every Jacobian.
        TrilinosWrappers::PreconditionAMG                 amg;
        TrilinosWrappers::PreconditionAMG::AdditionalData amg_data;
        amg_data.elliptic        = true;
        amg_data.smoother_sweeps = 2;
        std::vector<std::vector<bool>> modes;
        DoFTools::extract_constant_modes(dof_handler,
                                         ComponentMask(dopants.size(), true),
                                         modes);
        amg_data.constant_modes = modes;
        amg.initialize(jacobian, amg_data);
        SolverControl           control(1000, 1e-10 * residual.l2_norm());
        SolverGMRES<VectorType> solver(
          control, typename SolverGMRES<VectorType>::AdditionalData(100));
        try
          {
            solver.solve(jacobian, du, residual, amg);
          }
        catch (const SolverControl::NoConvergence &e)
          {
            throw StepError(StepFailure::linear_solver,
                            "GMRES did not converge in " +
                              std::to_string(e.last_step) + " iterations");
          }
        iterations = control.last_step();
      }
    zero_constraints.distribute(du);
    du *= -1.0;
    return iterations;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::newton_iterations(const TimeStepData &data,
                                          VectorType         &u,
                                          StepResult         &result)
  {
    NewtonSolver<VectorType> solver(newton);
    // The update tolerance applies to each dopant on its own.
    solver.field_dofs = field_dofs;
    // The positivity correction is frozen over the Newton iterations of a
    // step; with the constant model it only changes with the mesh, the
    // temperature and the surface conditions.
    const double       T     = process->temperature(data.time);
    const unsigned int part  = process->step_index(data.time);
    bool               first = true;
    solver.assemble = [&](const VectorType &v, const bool with_jacobian) {
      solution = v;
      const bool refresh =
        first && (fermi || !correction_current || T != correction_temperature ||
                  part != correction_part);
      first = false;
      assemble(data, with_jacobian, refresh);
      correction_current     = true;
      correction_temperature = T;
      correction_part        = part;
    };
    solver.residual_norm    = [&]() { return residual.l2_norm(); };
    solver.solve_linearized = [&](VectorType &du) {
      return solve_linearized(du);
    };
    solver.solve(u, !fermi, result);
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

    // A failed solve comes back in the result, and the time stepping cuts
    // the step; any other exception is an error and ends the run.
    newton_iterations(data, u, result);
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

#define FLUXION_INSTANTIATE(dim)                                                \
  template NewtonSettings DopantDiffusion<dim>::newton_defaults();              \
  template unsigned int   DopantDiffusion<dim>::solve_linearized(VectorType &); \
  template void DopantDiffusion<dim>::newton_iterations(const TimeStepData &,   \
                                                        VectorType &,           \
                                                        StepResult &);          \
  template StepResult DopantDiffusion<dim>::solve_step(const TimeStepData &);
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
