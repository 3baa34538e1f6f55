#include <deal.II/lac/solver_cg.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/trilinos_solver.h>

#include <fluxion/core/utilities.h>
#include <fluxion/physics/diffusion/diffusion.h>

#include <cmath>

// The Newton iteration of the diffusion physics and its linear solves.
namespace Fluxion
{
  template <int dim>
  unsigned int
  Diffusion<dim>::solve_linear_system(VectorType &update)
  {
    VectorType &rhs = scratch[6];
    rhs.equ(-1.0, residual);
    update                = 0;
    const double rhs_norm = rhs.l2_norm();
    if (rhs_norm == 0)
      return 0;
    const std::string method =
      linear_solver == "auto" ?
        (nonlinear || advection.active() ? "gmres" : "cg") :
        linear_solver;
    if (matrix_free)
      {
        TimerOutput::Scope timer_scope(*context.timer, "linear solve");
        SolverControl      control(max_linear_iterations,
                              linear_absolute_target > 0 ?
                                     linear_absolute_target :
                                     linear_tolerance * rhs_norm);
        try
          {
            mg_solver->solve(rhs, update, control);
          }
        catch (const SolverControl::NoConvergence &e)
          {
            throw StepError(
              StepFailure::linear_solver,
              "the linear solver (cg with geometric multigrid) did not "
              "converge in " +
                std::to_string(e.last_step) + " iterations (residual " +
                std::to_string(e.last_residual) + ", target " +
                std::to_string(control.tolerance()) + ")");
          }
        zero_constraints.distribute(update);
        return control.last_step();
      }
    if (method == "direct")
      {
        TimerOutput::Scope timer_scope(*context.timer, "linear solve");
        SolverControl      control(1, 0);
        TrilinosWrappers::SolverDirect direct(control);
        direct.solve(jacobian, update, rhs);
        zero_constraints.distribute(update);
        return 1;
      }
    if (!preconditioner)
      {
        TimerOutput::Scope timer_scope(*context.timer, "preconditioner setup");
        if (preconditioner_type == "amg")
          {
            auto amg = std::make_unique<TrilinosWrappers::PreconditionAMG>();
            TrilinosWrappers::PreconditionAMG::AdditionalData amg_data;
            amg_data.elliptic              = true;
            amg_data.higher_order_elements = (degree > 1);
            amg_data.smoother_sweeps       = amg_smoother_sweeps;
            amg_data.aggregation_threshold = amg_threshold;
            amg->initialize(jacobian, amg_data);
            preconditioner = std::move(amg);
          }
        else if (preconditioner_type == "ssor")
          {
            auto p = std::make_unique<TrilinosWrappers::PreconditionSSOR>();
            p->initialize(jacobian);
            preconditioner = std::move(p);
          }
        else
          {
            auto p = std::make_unique<TrilinosWrappers::PreconditionJacobi>();
            p->initialize(jacobian);
            preconditioner = std::move(p);
          }
      }
    SolverControl      control(max_linear_iterations,
                          linear_absolute_target > 0 ?
                                 linear_absolute_target :
                                 linear_tolerance * rhs_norm);
    TimerOutput::Scope timer_scope(*context.timer, "linear solve");
    try
      {
        if (method == "cg")
          {
            SolverCG<VectorType> cg(control);
            cg.solve(jacobian, update, rhs, *preconditioner);
          }
        else
          {
            SolverGMRES<VectorType> gmres(
              control, typename SolverGMRES<VectorType>::AdditionalData(100));
            gmres.solve(jacobian, update, rhs, *preconditioner);
          }
      }
    catch (const SolverControl::NoConvergence &e)
      {
        throw StepError(StepFailure::linear_solver,
                        "the linear solver (" + method +
                          ") did not converge in " +
                          std::to_string(e.last_step) +
                          " iterations (residual " +
                          std::to_string(e.last_residual) + ", target " +
                          std::to_string(control.tolerance()) + ")");
      }
    zero_constraints.distribute(update);
    return control.last_step();
  }

  template <int dim>
  void
  Diffusion<dim>::assemble_iterate(const TimeStepData &data,
                                   const VectorType   &u_owned)
  {
    const bool   linear = !nonlinear;
    const double alpha  = data.steady ? 0.0 : data.alpha;
    if (matrix_free)
      {
        if (!jacobian_valid || alpha != jacobian_alpha)
          {
            TimerOutput::Scope timer_scope(*context.timer, "multigrid setup");
            coefficient_error.clear();
            mg_solver->set_alpha(alpha);
            check_assembly_error(coefficient_error);
            jacobian_valid = true;
            jacobian_alpha = alpha;
          }
        matrix_free_residual(data, u_owned);
      }
    else if (linear && operators_valid && jacobian_valid &&
             alpha == jacobian_alpha)
      {
        if (load_time_dependent && load_time != data.time)
          assemble_load(data.time);
        linear_residual(data, u_owned);
      }
    else
      {
        // The Jacobian changes: assemble it with the residual and drop the
        // old preconditioner.
        if (linear && operators_valid && load_time_dependent &&
            load_time != data.time)
          assemble_load(data.time);
        solution = u_owned;
        assemble_newton_system(data, true);
        preconditioner.reset();
        jacobian_valid = true;
        jacobian_alpha = alpha;
      }
    linear_absolute_target = 0;
    if (tolerance_to_rhs)
      linear_absolute_target = linear_tolerance * rhs_norm(data);
  }

  template <int dim>
  double
  Diffusion<dim>::rhs_norm(const TimeStepData &data)
  {
    if (matrix_free)
      {
        // The residual at u = 0 is minus the condensed right-hand side.
        VectorType &zero   = scratch[2];
        VectorType &b      = scratch[3];
        VectorType &r_keep = scratch[5];
        zero               = 0;
        r_keep             = residual;
        matrix_free_residual(data, zero);
        b        = residual;
        residual = r_keep;
        return b.l2_norm();
      }
    if (nonlinear || !operators_valid)
      return 0;
    // b = M hist + F, condensed: the right-hand side of the system for the
    // new solution.
    VectorType &b  = scratch[2];
    VectorType &bc = scratch[3];
    b              = raw_load;
    if (!data.steady && !positivity)
      raw_mass.vmult_add(b, history_owned);
    condense_vector(b, bc);
    if (!data.steady && positivity)
      for (const auto dof : locally_owned_dofs)
        if (!zero_constraints.is_constrained(dof))
          bc[dof] += lumped_mass[dof] * history_owned[dof];
    return bc.l2_norm();
  }

  template <int dim>
  void
  Diffusion<dim>::newton_iterations(const TimeStepData &data,
                                    VectorType         &u_owned,
                                    StepResult         &result)
  {
    NewtonSolver<VectorType> solver(newton);
    solver.assemble = [&](const VectorType &u, const bool with_jacobian) {
      if (with_jacobian)
        assemble_iterate(data, u);
      else
        {
          // A line-search trial: the residual only.
          solution = u;
          assemble_newton_system(data, false);
        }
    };
    solver.residual_norm    = [&]() { return residual.l2_norm(); };
    solver.solve_linearized = [&](VectorType &du) {
      return solve_linear_system(du);
    };
    StepResult attempt;
    solver.solve(u_owned, !nonlinear, attempt);
    if (nonlinear)
      solution = u_owned;
    result.converged    = attempt.converged;
    result.failure      = attempt.failure;
    result.failure_type = attempt.failure_type;
    result.nonlinear_iterations += attempt.nonlinear_iterations;
    result.linear_iterations += attempt.linear_iterations;
  }

#define FLUXION_INSTANTIATE(dim)                                                \
  template void         Diffusion<dim>::assemble_iterate(const TimeStepData &,  \
                                                 const VectorType &);   \
  template double       Diffusion<dim>::rhs_norm(const TimeStepData &);         \
  template unsigned int Diffusion<dim>::solve_linear_system(VectorType &);      \
  template void         Diffusion<dim>::newton_iterations(const TimeStepData &, \
                                                  VectorType &,         \
                                                  StepResult &);
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
