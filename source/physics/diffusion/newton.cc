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
      linear_solver == "auto" ? (nonlinear ? "gmres" : "cg") : linear_solver;
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
            throw std::runtime_error(
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
        throw std::runtime_error(
          "the linear solver (" + method + ") did not converge in " +
          std::to_string(e.last_step) + " iterations (residual " +
          std::to_string(e.last_residual) + ", target " +
          std::to_string(control.tolerance()) + ")");
      }
    zero_constraints.distribute(update);
    return control.last_step();
  }

  template <int dim>
  void
  Diffusion<dim>::newton_iterations(const TimeStepData &data,
                                    VectorType         &u_owned,
                                    StepResult         &result)
  {
    const bool linear = !nonlinear;
    result.converged  = false;
    result.failure.clear();
    double first_residual = -1;
    for (unsigned int it = 0; it < (linear ? 1u : max_newton_iterations); ++it)
      {
        const double alpha = data.steady ? 0.0 : data.alpha;
        if (matrix_free)
          {
            if (!jacobian_valid || alpha != jacobian_alpha)
              {
                TimerOutput::Scope timer_scope(*context.timer,
                                               "multigrid setup");
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
            // The Jacobian changes: assemble it with the residual and
            // drop the old preconditioner.
            if (linear && operators_valid && load_time_dependent &&
                load_time != data.time)
              assemble_load(data.time);
            solution = u_owned;
            assemble_newton_system(data, true);
            preconditioner.reset();
            jacobian_valid = true;
            jacobian_alpha = alpha;
          }
        const double r_norm = residual.l2_norm();
        AssertThrow(std::isfinite(r_norm),
                    ExcMessage("the residual is not finite"));
        linear_absolute_target = 0;
        if (tolerance_to_rhs && matrix_free)
          {
            // The residual at u = 0 is minus the condensed right-hand
            // side.
            VectorType &zero   = scratch[2];
            VectorType &b      = scratch[3];
            VectorType &r_keep = scratch[5];
            zero               = 0;
            r_keep             = residual;
            matrix_free_residual(data, zero);
            b                      = residual;
            residual               = r_keep;
            linear_absolute_target = linear_tolerance * b.l2_norm();
          }
        else if (tolerance_to_rhs && linear && operators_valid)
          {
            // b = M hist + F, condensed: the right-hand side of the
            // system for the new solution.
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
            linear_absolute_target = linear_tolerance * bc.l2_norm();
          }
        if (first_residual < 0)
          first_residual = r_norm;
        if (!linear && r_norm <= newton_absolute_tolerance)
          {
            result.converged = true;
            break;
          }

        VectorType &update = scratch[7];
        result.linear_iterations += solve_linear_system(update);
        ++result.nonlinear_iterations;

        // Backtracking line search on the residual norm.
        double lambda     = 1.0;
        bool   sufficient = true;
        if (!linear && line_search)
          {
            const VectorType u0(u_owned);
            double           trial_lambda = 1.0;
            sufficient                    = false;
            std::string invalid;
            bool        last_invalid = false;
            for (unsigned int ls = 0; ls < 8 && !sufficient; ++ls)
              {
                lambda  = trial_lambda;
                u_owned = u0;
                u_owned.add(lambda, update);
                solution = u_owned;
                trial_lambda *= 0.5;
                try
                  {
                    assemble_newton_system(data, false);
                  }
                catch (const CollectiveError &)
                  {
                    throw;
                  }
                catch (const std::runtime_error &e)
                  {
                    // An invalid law at the trial point: shorter step.
                    invalid      = e.what();
                    last_invalid = true;
                    continue;
                  }
                last_invalid       = false;
                const double trial = residual.l2_norm();
                sufficient =
                  std::isfinite(trial) && trial <= (1 - 1e-4 * lambda) * r_norm;
              }
            if (last_invalid)
              throw std::runtime_error(invalid);
          }
        else
          u_owned.add(lambda, update);
        if (!linear)
          solution = u_owned;

        const double u_norm = u_owned.linfty_norm();
        AssertThrow(std::isfinite(u_norm),
                    ExcMessage("the solution is not finite"));
        if (linear)
          result.converged = true;
        else if (sufficient && lambda * update.linfty_norm() <=
                                 newton_tolerance * std::max(u_norm, 1e-300))
          {
            result.converged = true;
            break;
          }
      }
    if (!result.converged)
      result.failure = "Newton's method did not converge in " +
                       std::to_string(max_newton_iterations) + " iterations";
  }

#define FLUXION_INSTANTIATE(dim)                                                \
  template unsigned int Diffusion<dim>::solve_linear_system(VectorType &);      \
  template void         Diffusion<dim>::newton_iterations(const TimeStepData &, \
                                                  VectorType &,         \
                                                  StepResult &);
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
