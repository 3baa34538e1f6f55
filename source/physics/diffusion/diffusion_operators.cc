#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include <fluxion/physics/diffusion/diffusion.h>

// The reusable linear operators: the residual of a linear step from the
// stored matrices or the matrix-free operator, the time-dependent load, and
// the condensation of raw vectors with the homogeneous constraints.
namespace Fluxion
{
  template <int dim>
  bool
  Diffusion<dim>::stores_operators() const
  {
    // Advection: every step assembles the system.
    return !nonlinear && !matrix_time_dependent && !context.steady &&
           !advection.active();
  }

  template <int dim>
  void
  Diffusion<dim>::assemble_load(const double t, const bool with_source)
  {
    TimerOutput::Scope timer_scope(*context.timer, "assembly");
    // Only the load changes in time: re-assemble it cell by cell.
    const QGauss<dim>         quadrature(degree + 1);
    const Quadrature<dim - 1> face_quadrature = this->face_quadrature();
    FEValues<dim>             fe_values(*context.mapping,
                            *fe,
                            quadrature,
                            update_values | update_quadrature_points |
                              update_JxW_values);
    FEFaceValues<dim>         fe_face_values(*context.mapping,
                                     *fe,
                                     face_quadrature,
                                     update_values | update_quadrature_points |
                                       update_JxW_values);
    const unsigned int        n = fe->n_dofs_per_cell();
    Vector<double>            cell_load(n);
    std::vector<types::global_dof_index> dofs(n);
    AffineConstraints<double>            no_constraints;
    no_constraints.close();
    std::string error;
    raw_load = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          if (!with_source && !cell->at_boundary())
            continue;
          cell_load = 0;
          cell->get_dof_indices(dofs);
          if (with_source && !source_is_zero)
            {
              fe_values.reinit(cell);
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                {
                  const double f =
                    source_expression.value(fe_values.quadrature_point(q), t);
                  for (unsigned int i = 0; i < n; ++i)
                    cell_load(i) +=
                      f * fe_values.shape_value(i, q) * fe_values.JxW(q);
                }
            }
          if (cell->at_boundary())
            for (const auto fi : cell->face_indices())
              if (cell->face(fi)->at_boundary())
                {
                  const auto &bc = *bcs.at(cell->face(fi)->boundary_id());
                  if (bc.is_essential())
                    continue;
                  fe_face_values.reinit(cell, fi);
                  for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                    {
                      // The flux at c = 0 (the rest is in the matrix).
                      const auto fl =
                        bc.flux(fe_face_values.quadrature_point(q), t, 0.0);
                      if (fl.d_inward_flux_dc != 0 && error.empty())
                        error = "Parameter <Solver/Operator>: the "
                                "matrix-free operator does not support "
                                "boundary fluxes that depend on the "
                                "concentration; use matrix-based.";
                      for (unsigned int i = 0; i < n; ++i)
                        cell_load(i) += fl.inward_flux *
                                        fe_face_values.shape_value(i, q) *
                                        fe_face_values.JxW(q);
                    }
                }
          no_constraints.distribute_local_to_global(cell_load, dofs, raw_load);
        }
    raw_load.compress(VectorOperation::add);
    if (matrix_free)
      check_assembly_error(error);
    load_time = t;
  }

  template <int dim>
  void
  Diffusion<dim>::matrix_free_residual(const TimeStepData &data,
                                       const VectorType   &u_owned)
  {
    TimerOutput::Scope timer_scope(*context.timer, "matrix-free residual");
    const double       f_const =
      (source_is_zero || !source_expression.is_constant()) ?
              0. :
              source_expression.value(Point<dim>(), data.time);
    std::function<double(const Point<dim> &)> source;
    if (!source_is_zero && !source_expression.is_constant())
      source = [this, &data](const Point<dim> &x) {
        return source_expression.value(x, data.time);
      };
    mg_solver->residual(u_owned,
                        data.steady ? nullptr : &history_owned,
                        source,
                        f_const,
                        residual);
    if (natural_load)
      {
        // Boundary load, assembled and condensed when its time changes.
        if (load_time != data.time || !operators_valid)
          {
            assemble_load(data.time, false);
            condense_vector(raw_load, condensed_load);
            operators_valid = true;
          }
        residual -= condensed_load;
      }
  }

  template <int dim>
  void
  Diffusion<dim>::linear_residual(const TimeStepData &data,
                                  const VectorType   &u_owned)
  {
    TimerOutput::Scope timer_scope(*context.timer,
                                   "residual from stored matrices");
    // r = M (alpha u - hist) + A u - F, condensed.
    VectorType &tmp = scratch[4];
    VectorType &r   = scratch[5];
    raw_stiffness.vmult(r, u_owned);
    r -= raw_load;
    if (!data.steady && !positivity)
      {
        tmp = history_owned;
        tmp.sadd(-1.0, data.alpha, u_owned);
        raw_mass.vmult_add(r, tmp);
      }
    condense_residual(r);
    if (positivity)
      add_positivity_residual(data, u_owned, residual, zero_constraints);
  }

  template <int dim>
  void
  Diffusion<dim>::condense_residual(const VectorType &r)
  {
    condense_vector(r, residual);
  }

  template <int dim>
  void
  Diffusion<dim>::condense_vector(const VectorType &r, VectorType &out) const
  {
    // residual = C^T r with the constrained entries zeroed. The owner of a
    // constrained DoF sends its value to the masters, which may live on
    // other ranks.
    // The writable ghosted buffer is built once per mesh: creating its
    // communication pattern is the expensive part.
    VectorType &to_masters = masters_buffer;
    to_masters             = 0;
    for (const auto &line : zero_constraints.get_lines())
      if (locally_owned_dofs.is_element(line.index))
        {
          const double v = r[line.index];
          for (const auto &entry : line.entries)
            to_masters[entry.first] += v * entry.second;
        }
    to_masters.compress(VectorOperation::add);
    out = r;
    out += to_masters;
    for (const auto &line : zero_constraints.get_lines())
      if (locally_owned_dofs.is_element(line.index))
        out[line.index] = 0;
    out.compress(VectorOperation::insert);
  }


#define FLUXION_INSTANTIATE(dim)                                           \
  template bool Diffusion<dim>::stores_operators() const;                  \
  template void Diffusion<dim>::assemble_load(const double, const bool);   \
  template void Diffusion<dim>::matrix_free_residual(const TimeStepData &, \
                                                     const VectorType &);  \
  template void Diffusion<dim>::linear_residual(const TimeStepData &,      \
                                                const VectorType &);       \
  template void Diffusion<dim>::condense_residual(const VectorType &);     \
  template void Diffusion<dim>::condense_vector(const VectorType &,        \
                                                VectorType &) const;
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
