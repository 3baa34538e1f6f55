#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/trilinos_sparsity_pattern.h>

#include <fluxion/core/utilities.h>
#include <fluxion/physics/diffusion/diffusion.h>
#include <fluxion/solvers/conforming_sparsity.h>

#include <algorithm>
#include <cmath>

namespace Fluxion
{
  template <int dim>
  Diffusion<dim>::Diffusion() = default;

  template <int dim>
  void
  Diffusion<dim>::initialize(const SimulatorContext<dim> &ctx,
                             ParameterHandler            &prm)
  {
    this->store_context(ctx);

    parse_materials(prm);
    parse_boundary_conditions(prm);
    parse_data(prm);
    parse_solver_parameters(prm);
    classify_problem();
    check_matrix_free_support();
    parse_positivity(prm);

    fe = std::make_unique<FE_Q<dim>>(degree);
  }

  template <int dim>
  double
  Diffusion<dim>::concentration_scale(const types::material_id region) const
  {
    const auto it = partition.find(region);
    return it == partition.end() ? 1.0 : it->second;
  }

  template <int dim>
  void
  Diffusion<dim>::setup_dofs()
  {
    TimerOutput::Scope timer_scope(*context.timer, "dofs and sparsity");
    this->distribute_dofs(*fe);
    make_constraints(time);

    if (matrix_free)
      {
        dof_handler.distribute_mg_dofs();
        std::set<types::boundary_id> dirichlet;
        for (const auto &b : bcs)
          if (b.second->is_essential())
            dirichlet.insert(b.first);
        typename MultigridDiffusionSolver<dim>::Settings settings;
        settings.smoother_degree = mg_smoother_degree;
        if (!mg_solver)
          mg_solver = std::make_unique<MultigridDiffusionSolver<dim>>();
        mg_solver->reinit(
          *context.mapping,
          dof_handler,
          zero_constraints,
          dirichlet,
          [this](const typename Triangulation<dim>::cell_iterator &cell,
                 const std::vector<Point<dim>>                    &points,
                 std::vector<double>                              &conductance,
                 double                                           &capacity,
                 bool                                             &uniform) {
            cell_coefficients(cell, points, conductance, capacity, uniform);
          },
          settings,
          context.mpi_communicator);
        jacobian.clear();
      }
    // Without hanging nodes, the sparsity comes straight from the owned
    // and ghost cells (about twice as fast); otherwise it is built locally
    // and then exchanged.
    const bool conforming =
      !matrix_free &&
      has_only_fixed_dofs(zero_constraints, context.mpi_communicator);
    if (conforming)
      reinit_conforming_matrix(dof_handler,
                               locally_relevant_dofs,
                               zero_constraints,
                               context.mpi_communicator,
                               jacobian);
    else if (!matrix_free)
      // Sparsity of the condensed Jacobian.
      this->reinit_jacobian(zero_constraints, false);
    raw_mass.clear();
    raw_stiffness.clear();
    // With positivity the mass is a vector (lumped_mass).
    if (conforming && stores_operators())
      {
        AffineConstraints<double> none;
        none.close();
        reinit_conforming_matrix(dof_handler,
                                 locally_relevant_dofs,
                                 none,
                                 context.mpi_communicator,
                                 raw_stiffness);
        if (!positivity)
          raw_mass.reinit(raw_stiffness);
      }
    else if (!matrix_free && stores_operators())
      {
        DynamicSparsityPattern dsp(locally_relevant_dofs);
        DoFTools::make_sparsity_pattern(dof_handler, dsp);
        SparsityTools::distribute_sparsity_pattern(dsp,
                                                   locally_owned_dofs,
                                                   context.mpi_communicator,
                                                   locally_relevant_dofs);
        raw_stiffness.reinit(locally_owned_dofs,
                             locally_owned_dofs,
                             dsp,
                             context.mpi_communicator);
        if (!positivity)
          raw_mass.reinit(raw_stiffness);
      }

    // A steady solve keeps no history.
    this->reinit_vectors(context.steady ? 0 : 3);
    history_owned.reinit(locally_owned_dofs, context.mpi_communicator);
    scratch.resize(8);
    for (auto &v : scratch)
      v.reinit(locally_owned_dofs, context.mpi_communicator);
    masters_buffer.reinit(locally_owned_dofs,
                          locally_relevant_dofs,
                          context.mpi_communicator,
                          true);
    raw_load.reinit(residual);
    condensed_load.reinit(residual);
    work.reinit(residual);

    correction.clear();
    correction_current = false;
    if (positivity)
      compute_lumped_mass();

    operators_valid = false;
    jacobian_valid  = false;
    preconditioner.reset();
  }

  template <int dim>
  void
  Diffusion<dim>::make_constraints(const double t)
  {
    // Prescribed values of u = c / K at the DoFs of essential boundaries.
    // The same pass gives each owned DoF on an essential boundary to the
    // boundary with the lowest id, for the flux balance.
    std::map<types::global_dof_index, double> values;
    essential_dof_owner.clear();
    const std::vector<Point<dim>> &unit_points = fe->get_unit_support_points();
    std::vector<types::global_dof_index> dofs(fe->n_dofs_per_cell());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!cell->is_artificial() && cell->at_boundary())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary())
            {
              const auto bc = bcs.find(cell->face(f)->boundary_id());
              if (bc == bcs.end() || !bc->second->is_essential())
                continue;
              cell->get_dof_indices(dofs);
              const double K = concentration_scale(cell->material_id());
              for (unsigned int i = 0; i < dofs.size(); ++i)
                {
                  if (!fe->has_support_on_face(i, f))
                    continue;
                  if (locally_owned_dofs.is_element(dofs[i]))
                    {
                      const auto b  = cell->face(f)->boundary_id();
                      auto       it = essential_dof_owner.find(dofs[i]);
                      if (it == essential_dof_owner.end())
                        essential_dof_owner[dofs[i]] = b;
                      else
                        it->second = std::min(it->second, b);
                    }
                  if (values.count(dofs[i]))
                    continue;
                  {
                    // Uniform values need no support point.
                    const Point<dim> p =
                      bc->second->is_uniform() ?
                        Point<dim>() :
                        context.mapping->transform_unit_to_real_cell(
                          cell, unit_points[i]);
                    values[dofs[i]] = bc->second->concentration(p, t) / K;
                  }
                }
            }

    // Prescribed values must be numbers; any rank may find one that is not.
    bool bad_value = false;
    for (const auto &v : values)
      bad_value |= !std::isfinite(v.second);
    if (Utilities::MPI::max(bad_value ? 1 : 0, context.mpi_communicator) > 0)
      throw CollectiveError(
        "Boundary conditions: a prescribed concentration is not a finite "
        "number at t = " +
        std::to_string(t) +
        " s (check the expressions of the boundaries with prescribed "
        "concentrations).");

    for (auto it = essential_dof_owner.begin();
         it != essential_dof_owner.end();)
      if (hanging_constraints.is_constrained(it->first))
        it = essential_dof_owner.erase(it);
      else
        ++it;

    this->reset_constraints();
    for (const auto &v : values)
      if (!hanging_constraints.is_constrained(v.first))
        {
          constraints.add_line(v.first);
          constraints.set_inhomogeneity(v.first, v.second);
          zero_constraints.add_line(v.first);
        }
    constraints.close();
    zero_constraints.close();
  }

  template <int dim>
  void
  Diffusion<dim>::check_assembly_error(const std::string &message,
                                       const bool         recoverable) const
  {
    const bool any = Utilities::MPI::max(message.empty() ? 0 : 1,
                                         context.mpi_communicator) > 0;
    if (!any)
      return;
    // Share the message of the first failing rank.
    const unsigned int rank =
      Utilities::MPI::this_mpi_process(context.mpi_communicator);
    const unsigned int first =
      Utilities::MPI::min(message.empty() ?
                            std::numeric_limits<unsigned int>::max() :
                            rank,
                          context.mpi_communicator);
    std::vector<char> buffer(message.begin(), message.end());
    buffer = Utilities::MPI::broadcast(context.mpi_communicator, buffer, first);
    if (recoverable)
      throw StepError(StepFailure::invalid_state,
                      std::string(buffer.begin(), buffer.end()));
    throw CollectiveError(std::string(buffer.begin(), buffer.end()));
  }

  template <int dim>
  void
  Diffusion<dim>::refresh_history() const
  {
    if (history_stale)
      {
        history       = history_owned;
        history_stale = false;
      }
  }

  template <int dim>
  void
  Diffusion<dim>::set_initial_condition()
  {
    // Interpolate c0 / K at the support points cell by cell; a uniform c0
    // without partition coefficients needs no cell loop.
    VectorType                     owned(residual);
    const std::vector<Point<dim>> &unit_points = fe->get_unit_support_points();
    std::vector<types::global_dof_index> dofs(fe->n_dofs_per_cell());
    const bool                           uniform =
      initial_condition->is_uniform() &&
      std::all_of(partition.begin(), partition.end(), [](const auto &k) {
        return k.second == 1.0;
      });
    if (uniform)
      owned = initial_condition->value(Point<dim>());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!uniform && cell->is_locally_owned())
        {
          cell->get_dof_indices(dofs);
          const double K = concentration_scale(cell->material_id());
          for (unsigned int i = 0; i < dofs.size(); ++i)
            if (locally_owned_dofs.is_element(dofs[i]))
              owned[dofs[i]] = initial_condition->value(
                                 initial_condition->is_uniform() ?
                                   Point<dim>() :
                                   context.mapping->transform_unit_to_real_cell(
                                     cell, unit_points[i])) /
                               K;
        }
    owned.compress(VectorOperation::insert);
    // Never start from values that are not numbers.
    if (!std::isfinite(owned.l1_norm()))
      throw CollectiveError(
        "Initial conditions: the initial concentration is not a finite "
        "number somewhere in the domain (check the expression).");
    // The initial state takes the prescribed concentrations of the start
    // time: a jump of the data at a boundary DoF would otherwise enter the
    // history of the time derivative, and BDF2 would report a reaction out
    // of a boundary that feeds the domain.
    this->start_from(owned);
  }


  template <int dim>
  StepResult
  Diffusion<dim>::solve_step(const TimeStepData &data)
  {
    StepResult result;
    this->begin_step(data, &history_owned);

    // setup_dofs() made the constraints; only time-dependent values change.
    if (constraints_depend_on_time)
      make_constraints(data.time);

    // Start from the predictor (or the last solution for a steady solve),
    // with the prescribed values in place.
    // Work vectors persist between steps (allocation is not free).
    VectorType &u_owned   = scratch[0];
    VectorType &predictor = scratch[1];
    this->predict(data, u_owned);
    if (data.error_constant > 0)
      predictor = u_owned;

    // The ghosted history is refreshed from history_owned when a cell loop
    // needs it.
    if (!data.steady)
      history_stale = true;

    if (matrix_time_dependent || nonlinear)
      {
        operators_valid    = false;
        correction_current = false;
      }
    // The positivity correction is frozen over the Newton iterations of a
    // step (taken at the predictor), so the Jacobian stays exact.
    if (positivity && !correction_current)
      {
        solution = u_owned;
        update_positivity_correction(data.time);
        operators_valid = false;
        jacobian_valid  = false;
      }

    try
      {
        // Positivity: the correction acts at the local extrema of the
        // solution. Solve again while the new solution has extrema that
        // were not corrected; the selection only grows within a step
        // (after one fresh start for a steady solve, whose first guess
        // says little), so this ends after a few rounds.
        const bool select = positivity && !correction.empty();
        if (select &&
            correction.select_extrema(u_owned, zero_constraints, true))
          jacobian_valid = false;
        newton_iterations(data, u_owned, result);
        for (unsigned int round = 0; select && result.converged && round < 10;
             ++round)
          {
            if (!correction.select_extrema(u_owned,
                                           zero_constraints,
                                           data.steady && round == 0))
              break;
            jacobian_valid = false;
            newton_iterations(data, u_owned, result);
          }
      }
    catch (const CollectiveError &)
      {
        // Input errors found during assembly (e.g. a negative D) are final.
        throw;
      }
    catch (const StepError &e)
      {
        result.converged    = false;
        result.failure_type = e.type;
        result.failure      = e.what();
      }

    this->end_step(u_owned);

    // Local truncation error from the distance to the predictor.
    if (result.converged && data.error_constant > 0)
      {
        predictor -= u_owned;
        result.error_estimate = data.error_constant * predictor.linfty_norm() /
                                std::max(u_owned.linfty_norm(), 1e-300);
      }
    return result;
  }

  template <int dim>
  double
  Diffusion<dim>::total_amount(const VectorType &u) const
  {
    const QGauss<dim>   quadrature(degree + 1);
    FEValues<dim>       fe_values(*context.mapping,
                            *fe,
                            quadrature,
                            update_values | update_JxW_values);
    std::vector<double> values(quadrature.size());
    double              sum = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(u, values);
          const double K = concentration_scale(cell->material_id());
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            sum += K * values[q] * fe_values.JxW(q);
        }
    return Utilities::MPI::sum(sum, context.mpi_communicator);
  }

  template <int dim>
  void
  Diffusion<dim>::before_state_transfer()
  {
    amounts_before_transfer.clear();
    for (const auto v : this->state_vectors())
      amounts_before_transfer.push_back(total_amount(*v));
  }

  template <int dim>
  void
  Diffusion<dim>::after_state_transfer(const bool conserve_amount)
  {
    bool has_essential = false;
    for (const auto &b : bcs)
      has_essential |= b.second->is_essential();
    states.take_transferred(solution, hanging_constraints);
    const auto vectors = this->state_vectors();
    // Coarsening interpolates, which does not conserve the integral;
    // without essential boundaries a uniform scaling restores it.
    if (conserve_amount && !has_essential)
      for (unsigned int k = 0;
           k < vectors.size() && k < amounts_before_transfer.size();
           ++k)
        {
          const double after = total_amount(*vectors[k]);
          if (after != 0 && amounts_before_transfer[k] != 0)
            {
              VectorType &owned = states.owned(k);
              owned *= amounts_before_transfer[k] / after;
              *vectors[k] = owned;
            }
        }
    operators_valid = false;
    jacobian_valid  = false;
  }

  FLUXION_REGISTER_PHYSICS(
    Diffusion,
    "diffusion",
    "Fickian diffusion dc/dt = div(D grad c) + s in one or more material "
    "regions with partition coefficients at their interfaces.")
} // namespace Fluxion
