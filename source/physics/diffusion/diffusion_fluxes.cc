#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include <fluxion/physics/diffusion/diffusion.h>

// The outward flux through each boundary: the reaction at the prescribed
// values and the integral of the prescribed natural fluxes.
namespace Fluxion
{
  template <int dim>
  void
  Diffusion<dim>::assemble_flux_residual(VectorType &r) const
  {
    const TimeStepData &data = last_step;
    refresh_history();
    const QGauss<dim>                    quadrature(degree + 1);
    FEValues<dim>                        fe_values(*context.mapping,
                            *fe,
                            quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    const unsigned int                   n = fe->n_dofs_per_cell();
    Vector<double>                       cell_residual(n);
    std::vector<types::global_dof_index> dofs(n);
    std::vector<double>         u(quadrature.size()), h(quadrature.size());
    std::vector<Tensor<1, dim>> grad_u(quadrature.size());
    r.reinit(locally_owned_dofs, context.mpi_communicator);
    const double       t                 = data.time;
    const auto         advection_scratch = make_advection_scratch();
    FullMatrix<double> no_matrix;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dofs);
          fe_values.get_function_values(solution, u);
          fe_values.get_function_gradients(solution, grad_u);
          if (!data.steady)
            fe_values.get_function_values(history, h);
          const double K   = concentration_scale(cell->material_id());
          const auto  &law = *laws.at(cell->material_id());
          cell_residual    = 0;
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              const Point<dim> &x  = fe_values.quadrature_point(q);
              const auto        dv = law.evaluate(x,
                                           t,
                                           K * u[q],
                                           temperature_expression.value(x, t));
              const double      f =
                source_is_zero ? 0. : source_expression.value(x, t);
              const double dt_term = (data.steady || positivity) ?
                                       0. :
                                       K * (data.alpha * u[q] - h[q]);
              for (unsigned int i = 0; i < n; ++i)
                cell_residual(i) +=
                  (dt_term * fe_values.shape_value(i, q) +
                   dv.D * K * (grad_u[q] * fe_values.shape_grad(i, q)) -
                   f * fe_values.shape_value(i, q)) *
                  fe_values.JxW(q);
            }
          // The advective flux and its stabilisation. The advective flux
          // through natural boundaries is included: a DoF shared by an
          // essential and a natural boundary then carries only the flux
          // through the essential side, and the advective flux through the
          // natural side is counted once, there.
          if (advection_scratch)
            {
              add_advection_cell_terms(cell,
                                       data,
                                       *advection_scratch,
                                       false,
                                       no_matrix,
                                       cell_residual);
              if (cell->at_boundary())
                add_advection_face_terms(
                  cell, t, *advection_scratch, false, no_matrix, cell_residual);
            }
          hanging_constraints.distribute_local_to_global(cell_residual,
                                                         dofs,
                                                         r);
        }
    r.compress(VectorOperation::add);
    if (positivity)
      {
        // The rows of the prescribed values included.
        solution_owned.reinit(locally_owned_dofs, context.mpi_communicator);
        solution_owned = solution;
        add_positivity_residual(data, solution_owned, r, hanging_constraints);
      }
  }

  template <int dim>
  BoundaryFluxData
  Diffusion<dim>::boundary_fluxes() const
  {
    std::map<types::boundary_id, double> flux;
    for (const auto &b : bcs)
      flux[b.first] = 0;

    // Essential boundaries: the reaction, i.e. the residual of the
    // interior equations at the boundary DoFs (natural boundary terms
    // excluded, so the corner DoFs shared with natural boundaries carry only
    // the flux through the essential side).
    bool has_essential = false;
    for (const auto &b : bcs)
      has_essential |= b.second->is_essential();
    if (has_essential)
      {
        VectorType r;
        assemble_flux_residual(r);
        for (const auto &d : essential_dof_owner)
          flux[d.second] -= r[d.first];
      }

    // Natural boundaries: the integral of the prescribed flux, which is
    // exactly what the weak form imposes (with its face rule).
    const Quadrature<dim - 1> face_quadrature = this->face_quadrature();
    FEFaceValues<dim>         fe_face_values(*context.mapping,
                                     *fe,
                                     face_quadrature,
                                     update_values | update_quadrature_points |
                                       update_JxW_values);
    std::vector<double>       uf(face_quadrature.size());
    const auto                advection_scratch = make_advection_scratch();
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const auto fi : cell->face_indices())
          if (cell->face(fi)->at_boundary())
            {
              const auto  id = cell->face(fi)->boundary_id();
              const auto &bc = *bcs.at(id);
              if (bc.is_essential())
                continue;
              fe_face_values.reinit(cell, fi);
              fe_face_values.get_function_values(solution, uf);
              const double K = concentration_scale(cell->material_id());
              for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                flux[id] -= bc.flux(fe_face_values.quadrature_point(q),
                                    last_step.time,
                                    K * uf[q])
                              .inward_flux *
                            fe_face_values.JxW(q);
              // The advective part c u.n (periodic faces are no boundary).
              if (advection_scratch && !cell->has_periodic_neighbor(fi))
                flux[id] += advective_outflow(cell, fi, *advection_scratch);
            }

    BoundaryFluxData result(1);
    for (const auto &b : context.boundary_ids)
      result.total[0][b.first] =
        Utilities::MPI::sum(flux[b.second], context.mpi_communicator);
    return result;
  }

#define FLUXION_INSTANTIATE(dim)                                            \
  template void Diffusion<dim>::assemble_flux_residual(VectorType &) const; \
  template BoundaryFluxData Diffusion<dim>::boundary_fluxes() const;
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
