#include <cmath>

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/trilinos_solver.h>

#include <fluxion/physics/coupled_physics.h>

// Assembly, linear solves and boundary fluxes of the coupled physics core.
namespace Fluxion
{
  template <int dim>
  void
  CoupledPhysics<dim>::assemble(const TimeStepData              &data,
                                const bool                       with_jacobian,
                                const AffineConstraints<double> &c,
                                VectorType                      &r)
  {
    const FieldDescriptions fields = this->fields();
    const unsigned int      n      = fields.size();
    const QGauss<dim>       quadrature(degree + 1);
    const QGauss<dim - 1>   face_quadrature(degree + 1);
    FEValues<dim>           fe_values(*context.mapping,
                            *fe,
                            quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    FEFaceValues<dim>       fe_face_values(*context.mapping,
                                     *fe,
                                     face_quadrature,
                                     update_values | update_quadrature_points |
                                       update_JxW_values);
    const unsigned int      dofs_per_cell = fe->n_dofs_per_cell();
    Vector<double>          cell_residual(dofs_per_cell);
    FullMatrix<double>      cell_jacobian(dofs_per_cell, dofs_per_cell);
    std::vector<types::global_dof_index> dofs(dofs_per_cell);

    FieldPointData<dim> u;
    u.values.assign(n, std::vector<double>(quadrature.size()));
    u.gradients.assign(n, std::vector<Tensor<1, dim>>(quadrature.size()));
    u.rates.assign(n, std::vector<double>(quadrature.size(), 0.0));
    u.alpha = data.steady ? 0.0 : data.alpha;
    u.time  = data.time;
    std::vector<double> past(quadrature.size());

    r = 0;
    if (with_jacobian)
      jacobian = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          for (unsigned int f = 0; f < n; ++f)
            {
              const auto x = fields[f].extractor();
              fe_values[x].get_function_values(solution, u.values[f]);
              fe_values[x].get_function_gradients(solution, u.gradients[f]);
              if (data.steady || !fields[f].has_time_derivative)
                continue;
              if (fields[f].logarithmic)
                {
                  // The rate of the value exp(u) from the past states.
                  for (unsigned int q = 0; q < past.size(); ++q)
                    u.rates[f][q] = u.alpha * std::exp(u.values[f][q]);
                  for (unsigned int k = 0; k < data.beta.size(); ++k)
                    {
                      fe_values[x].get_function_values(*past_states[k], past);
                      for (unsigned int q = 0; q < past.size(); ++q)
                        u.rates[f][q] -= data.beta[k] * std::exp(past[q]);
                    }
                  continue;
                }
              fe_values[x].get_function_values(history, past);
              for (unsigned int q = 0; q < past.size(); ++q)
                u.rates[f][q] = u.alpha * u.values[f][q] - past[q];
            }
          cell_residual = 0;
          cell_jacobian = 0;
          cell_terms(fe_values,
                     u,
                     cell_residual,
                     with_jacobian ? &cell_jacobian : nullptr);
          if (cell->at_boundary())
            add_boundary_terms(cell,
                               fe_face_values,
                               data.time,
                               cell_residual,
                               with_jacobian ? &cell_jacobian : nullptr);
          cell->get_dof_indices(dofs);
          if (with_jacobian)
            c.distribute_local_to_global(
              cell_jacobian, cell_residual, dofs, jacobian, r);
          else
            c.distribute_local_to_global(cell_residual, dofs, r);
        }
    r.compress(VectorOperation::add);
    if (with_jacobian)
      jacobian.compress(VectorOperation::add);
  }

  template <int dim>
  void
  CoupledPhysics<dim>::add_boundary_terms(
    const typename DoFHandler<dim>::active_cell_iterator &cell,
    FEFaceValues<dim>                                    &fe_face_values,
    const double                                          t,
    Vector<double>                                       &cell_residual,
    FullMatrix<double>                                   *cell_jacobian) const
  {
    const FieldDescriptions     fields = this->fields();
    const unsigned int          n      = fields.size();
    std::vector<Vector<double>> face_values;
    std::vector<double>         values(n), d_flux(n);
    for (const auto fi : cell->face_indices())
      {
        if (!cell->face(fi)->at_boundary())
          continue;
        const auto id          = cell->face(fi)->boundary_id();
        bool       any_natural = false;
        for (unsigned int f = 0; f < n; ++f)
          {
            const auto bc = conditions[f].find(id);
            any_natural |= bc != conditions[f].end() &&
                           !bc->second->is_essential() &&
                           fields[f].exists_in(cell->material_id());
          }
        if (!any_natural)
          continue;
        fe_face_values.reinit(cell, fi);
        const unsigned int nq = fe_face_values.n_quadrature_points;
        face_values.assign(nq, Vector<double>(fields.n_components()));
        fe_face_values.get_function_values(solution, face_values);
        for (unsigned int f = 0; f < n; ++f)
          {
            const auto bc = conditions[f].find(id);
            if (bc == conditions[f].end() || bc->second->is_essential() ||
                !fields[f].exists_in(cell->material_id()))
              continue;
            const unsigned int comp = fields[f].first_component;
            for (unsigned int q = 0; q < nq; ++q)
              {
                for (unsigned int g = 0; g < n; ++g)
                  values[g] = face_values[q][fields[g].first_component];
                to_values(fields, values);
                double flux = 0;
                bc->second->coupled_flux(fe_face_values.quadrature_point(q),
                                         t,
                                         values,
                                         f,
                                         flux,
                                         d_flux);
                // d(value)/du = value for a logarithmic field; the factor
                // of continuation in the natural terms.
                flux *= natural_scale;
                for (unsigned int g = 0; g < n; ++g)
                  d_flux[g] *=
                    natural_scale * (fields[g].logarithmic ? values[g] : 1.0);
                const double JxW = fe_face_values.JxW(q);
                for (unsigned int i = 0; i < cell_residual.size(); ++i)
                  {
                    const double phi_i =
                      fe_face_values.shape_value_component(i, q, comp);
                    if (phi_i == 0)
                      continue;
                    cell_residual(i) -= flux * phi_i * JxW;
                    if (cell_jacobian)
                      for (unsigned int j = 0; j < cell_residual.size(); ++j)
                        {
                          const unsigned int cj =
                            fe->system_to_component_index(j).first;
                          cell_jacobian->add(i,
                                             j,
                                             -d_flux[cj] * phi_i *
                                               fe_face_values.shape_value(j,
                                                                          q) *
                                               JxW);
                        }
                  }
              }
          }
      }
  }

  template <int dim>
  void
  CoupledPhysics<dim>::to_values(const FieldDescriptions &fields,
                                 std::vector<double>     &u)
  {
    for (unsigned int f = 0; f < fields.size(); ++f)
      if (fields[f].logarithmic)
        u[f] = std::exp(u[f]);
  }

  template <int dim>
  unsigned int
  CoupledPhysics<dim>::solve_linearized(VectorType &du)
  {
    VectorType rhs(residual);
    rhs *= -1.0;
    du = 0;
    // A Jacobian that is not finite (a law overflowing at a far iterate)
    // fails the step on every rank, before a solver sees it.
    if (!std::isfinite(jacobian.frobenius_norm()))
      throw StepError(StepFailure::not_finite, "the Jacobian is not finite");
    // auto: a sparse direct solve where it is the faster one.
    const bool direct =
      linear_solver == "direct" ||
      (linear_solver == "auto" &&
       (dim == 1 || (dim == 2 && dof_handler.n_dofs() <= 20000) ||
        !field_split_applicable()));
    if (direct)
      {
        SolverControl                  control(1, 0);
        TrilinosWrappers::SolverDirect direct(control);
        try
          {
            direct.solve(jacobian, du, rhs);
          }
        catch (const ExceptionBase &)
          {
            throw StepError(StepFailure::linear_solver,
                            "the direct solver failed (a singular Jacobian)");
          }
        zero_constraints.distribute(du);
        return 1;
      }
    // GMRES preconditions from the left and measures the preconditioned
    // residual, whose fields come in their own units; the tolerance is a
    // reduction of it, not a fraction of the unpreconditioned norm (which
    // one field's units can dominate by many orders).
    ReductionControl control(max_linear_iterations, 0, linear_tolerance);
    try
      {
        SolverGMRES<VectorType> gmres(
          control, typename SolverGMRES<VectorType>::AdditionalData(100));
        if (preconditioner == "field split")
          {
            std::vector<IndexSet> owned;
            for (const auto &f : field_dofs)
              owned.push_back(f & locally_owned_dofs);
            VectorType shift(locally_owned_dofs, context.mpi_communicator);
            add_schur_complement_diagonal(shift);
            auto data           = field_split;
            data.diagonal_shift = &shift;
            FieldSplitPreconditioner split;
            split.initialize(jacobian, owned, data);
            gmres.solve(jacobian, du, rhs, split);
          }
        else
          {
            TrilinosWrappers::PreconditionAMG                 amg;
            TrilinosWrappers::PreconditionAMG::AdditionalData amg_data;
            amg_data.higher_order_elements = degree > 1;
            amg.initialize(jacobian, amg_data);
            gmres.solve(jacobian, du, rhs, amg);
          }
      }
    catch (const SolverControl::NoConvergence &e)
      {
        throw StepError(StepFailure::linear_solver,
                        "the linear solver (gmres) did not converge in " +
                          std::to_string(e.last_step) + " iterations");
      }
    zero_constraints.distribute(du);
    return control.last_step();
  }

  template <int dim>
  BoundaryFluxData
  CoupledPhysics<dim>::boundary_fluxes() const
  {
    const FieldDescriptions fields = this->fields();
    const unsigned int      n      = fields.size();
    // The residual with natural terms and without essential constraints:
    // at a DoF of an essential boundary it is the inward flux that the
    // constraint imposes.
    auto      &self = const_cast<CoupledPhysics<dim> &>(*this);
    VectorType r(locally_owned_dofs, context.mpi_communicator);
    self.assemble(last_step, false, hanging_constraints, r);

    std::vector<std::map<types::boundary_id, double>> out(n);
    for (const auto &d : essential_owner)
      if (locally_owned_dofs.is_element(d.first))
        for (unsigned int f = 0; f < n; ++f)
          if (field_dofs[f].is_element(d.first))
            out[f][d.second] -= r[d.first];

    // Natural boundaries: the prescribed flux, as the weak form takes it.
    const QGauss<dim - 1>       face_quadrature(degree + 1);
    FEFaceValues<dim>           fe_face_values(*context.mapping,
                                     *fe,
                                     face_quadrature,
                                     update_values | update_quadrature_points |
                                       update_JxW_values);
    std::vector<Vector<double>> face_values(
      face_quadrature.size(), Vector<double>(fields.n_components()));
    std::vector<double> values(n), d_flux(n);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const auto fi : cell->face_indices())
          if (cell->face(fi)->at_boundary())
            {
              const auto id = cell->face(fi)->boundary_id();
              fe_face_values.reinit(cell, fi);
              fe_face_values.get_function_values(solution, face_values);
              for (unsigned int f = 0; f < n; ++f)
                {
                  const auto bc = conditions[f].find(id);
                  if (bc == conditions[f].end() || bc->second->is_essential() ||
                      !fields[f].exists_in(cell->material_id()))
                    continue;
                  for (unsigned int q = 0; q < face_values.size(); ++q)
                    {
                      for (unsigned int g = 0; g < n; ++g)
                        values[g] = face_values[q][fields[g].first_component];
                      to_values(fields, values);
                      double flux = 0;
                      bc->second->coupled_flux(fe_face_values.quadrature_point(
                                                 q),
                                               time,
                                               values,
                                               f,
                                               flux,
                                               d_flux);
                      out[f][id] -= flux * fe_face_values.JxW(q);
                    }
                }
            }

    BoundaryFluxData result(n);
    for (unsigned int f = 0; f < n; ++f)
      for (const auto &b : context.boundary_ids)
        result.total[f][b.first] =
          Utilities::MPI::sum(out[f].count(b.second) ? out[f][b.second] : 0.0,
                              context.mpi_communicator);
    return result;
  }

  template class CoupledPhysics<1>;
  template class CoupledPhysics<2>;
  template class CoupledPhysics<3>;
} // namespace Fluxion
