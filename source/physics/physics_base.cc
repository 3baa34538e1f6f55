#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/sparsity_tools.h>

#include <fluxion/core/periodic_boundaries.h>
#include <fluxion/physics/physics_base.h>

namespace Fluxion
{
  template <int dim>
  void
  PhysicsBase<dim>::accept_step()
  {
    states.accept();
  }

  template <int dim>
  void
  PhysicsBase<dim>::reject_step()
  {
    states.reject(solution);
    time = time - last_step.dt;
  }

  template <int dim>
  std::vector<VectorType *>
  PhysicsBase<dim>::state_vectors()
  {
    return states.state_vectors(solution);
  }

  template <int dim>
  void
  PhysicsBase<dim>::store_context(const SimulatorContext<dim> &ctx)
  {
    context = ctx;
    degree  = ctx.element_degree;
    time    = ctx.start_time;
    dof_handler.reinit(*ctx.triangulation);
  }

  template <int dim>
  void
  PhysicsBase<dim>::distribute_dofs(const FiniteElement<dim> &fe)
  {
    dof_handler.distribute_dofs(fe);
    locally_owned_dofs = dof_handler.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dof_handler, locally_relevant_dofs);
    const FieldDescriptions fields = this->fields();
    field_dofs.clear();
    if (fields.size() == 1)
      field_dofs.push_back(locally_owned_dofs);
    else
      for (const auto &f : fields)
        field_dofs.push_back(
          DoFTools::extract_dofs(dof_handler, f.mask(fields.n_components())) &
          locally_owned_dofs);
    hanging_constraints.clear();
    hanging_constraints.reinit(locally_relevant_dofs);
    DoFTools::make_hanging_node_constraints(dof_handler, hanging_constraints);
    add_periodicity_constraints(dof_handler, hanging_constraints);
    hanging_constraints.close();
  }

  template <int dim>
  void
  PhysicsBase<dim>::reinit_vectors(const unsigned int n_old)
  {
    const MPI_Comm comm = context.mpi_communicator;
    solution.reinit(locally_owned_dofs, locally_relevant_dofs, comm);
    history.reinit(locally_owned_dofs, locally_relevant_dofs, comm);
    residual.reinit(locally_owned_dofs, comm);
    states.reinit(locally_owned_dofs, locally_relevant_dofs, comm, n_old);
  }

  template <int dim>
  void
  PhysicsBase<dim>::reinit_jacobian(
    const AffineConstraints<double>                     &c,
    const bool                                           keep_constrained,
    const std::function<void(DynamicSparsityPattern &)> &add_couplings)
  {
    DynamicSparsityPattern dsp(locally_relevant_dofs);
    DoFTools::make_sparsity_pattern(dof_handler, dsp, c, keep_constrained);
    if (add_couplings)
      add_couplings(dsp);
    SparsityTools::distribute_sparsity_pattern(dsp,
                                               locally_owned_dofs,
                                               context.mpi_communicator,
                                               locally_relevant_dofs);
    jacobian.reinit(locally_owned_dofs,
                    locally_owned_dofs,
                    dsp,
                    context.mpi_communicator);
  }

  template <int dim>
  void
  PhysicsBase<dim>::reset_constraints()
  {
    for (auto *c : {&constraints, &zero_constraints})
      {
        c->clear();
        c->reinit(locally_relevant_dofs);
        c->merge(hanging_constraints);
      }
  }

  template <int dim>
  void
  PhysicsBase<dim>::start_from(VectorType &owned)
  {
    constraints.distribute(owned);
    solution = owned;
    states.fill(owned);
  }

  template <int dim>
  void
  PhysicsBase<dim>::assemble_lumped_mass(
    const Quadrature<dim> &quadrature,
    const std::function<
      double(const typename DoFHandler<dim>::active_cell_iterator &,
             const unsigned int)> &weight,
    VectorType                    &mass) const
  {
    const FiniteElement<dim>            &fe = dof_handler.get_fe();
    FEValues<dim>                        fe_values(*context.mapping,
                            fe,
                            quadrature,
                            update_values | update_JxW_values);
    const unsigned int                   n = fe.n_dofs_per_cell();
    Vector<double>                       cell_mass(n);
    std::vector<double>                  w(n);
    std::vector<types::global_dof_index> dofs(n);
    mass.reinit(locally_owned_dofs, context.mpi_communicator);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dofs);
          for (unsigned int i = 0; i < n; ++i)
            w[i] = weight(cell, fe.system_to_component_index(i).first);
          cell_mass = 0;
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            for (unsigned int i = 0; i < n; ++i)
              cell_mass(i) +=
                w[i] * fe_values.shape_value(i, q) * fe_values.JxW(q);
          hanging_constraints.distribute_local_to_global(cell_mass, dofs, mass);
        }
    mass.compress(VectorOperation::add);
  }

  template <int dim>
  void
  PhysicsBase<dim>::predict(const TimeStepData &data, VectorType &u) const
  {
    if (!data.steady && !data.gamma.empty())
      states.combine(data.gamma, u);
    else
      u = states.current;
    constraints.distribute(u);
  }

  template <int dim>
  void
  PhysicsBase<dim>::begin_step(const TimeStepData &data,
                               VectorType         *history_owned)
  {
    last_step = data;
    time      = data.time;
    if (data.steady)
      return;
    if (history_owned != nullptr)
      states.combine(data.beta, *history_owned);
    else
      {
        states.combine(data.beta, residual);
        history = residual;
      }
  }

  template <int dim>
  void
  PhysicsBase<dim>::end_step(const VectorType &u)
  {
    states.current = u;
    solution       = u;
  }

  template class PhysicsBase<1>;
  template class PhysicsBase<2>;
  template class PhysicsBase<3>;
} // namespace Fluxion
