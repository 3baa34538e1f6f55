#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include <fluxion/core/translation_cache.h>
#include <fluxion/physics/diffusion/diffusion.h>

namespace Fluxion
{
  template <int dim>
  Quadrature<dim - 1>
  Diffusion<dim>::face_quadrature() const
  {
    // A face of a 1D cell is a point.
    if (positivity && dim > 1)
      return QGaussLobatto<dim - 1>(degree + 1);
    return QGauss<dim - 1>(degree + 1);
  }

  template <int dim>
  void
  Diffusion<dim>::compute_lumped_mass()
  {
    // Row sums of the consistent mass, m_j = K int phi_j: then sum_j m_j u_j
    // is the exact integral of c, and the amount balance stays exact.
    this->assemble_lumped_mass(
      QGauss<dim>(degree + 1),
      [this](const auto &cell, const unsigned int) {
        return concentration_scale(cell->material_id());
      },
      lumped_mass);
  }

  template <int dim>
  void
  Diffusion<dim>::update_positivity_correction(const double t)
  {
    TimerOutput::Scope timer_scope(*context.timer, "positivity correction");
    correction_current = true;
    if (dim == 1)
      return; // Q1 in 1D couples neighbours only negatively.
    const QGauss<dim>                    quadrature(degree + 1);
    FEValues<dim>                        fe_values(*context.mapping,
                            *fe,
                            quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    const unsigned int                   n  = fe->n_dofs_per_cell();
    const unsigned int                   nq = quadrature.size();
    FullMatrix<double>                   cell_matrix(n, n), reference(n, n);
    std::vector<types::global_dof_index> dofs(n);
    std::vector<double>                  u(nq);

    // The diffusion matrix of a cell, int K D grad phi_j . grad phi_i; a
    // uniform law on a translate of the previous cell reuses its shape
    // (and returns false: the signs of its entries are those of the last,
    // so a scan for positive couplings needs no matrix then).
    TranslationCache<dim> translations;
    const auto cell_diffusion = [&](const auto &cell, const bool scan) -> bool {
      const double K   = concentration_scale(cell->material_id());
      const auto  &law = *laws.at(cell->material_id());
      if (context.linear_mapping && law.is_uniform() && !nonlinear)
        {
          const bool fresh = !translations.is_translate(cell);
          if (fresh)
            {
              fe_values.reinit(cell);
              reference = 0;
              for (unsigned int q = 0; q < nq; ++q)
                for (unsigned int i = 0; i < n; ++i)
                  for (unsigned int j = 0; j < n; ++j)
                    reference(i, j) += fe_values.shape_grad(i, q) *
                                       fe_values.shape_grad(j, q) *
                                       fe_values.JxW(q);
            }
          if (scan && !fresh)
            return false;
          const double D = law.evaluate(cell->center(), t, 0, 0).D;
          cell_matrix.equ(D * K, reference);
          return fresh;
        }
      translations.clear();
      fe_values.reinit(cell);
      fe_values.get_function_values(solution, u);
      cell_matrix = 0;
      for (unsigned int q = 0; q < nq; ++q)
        {
          const Point<dim> &x = fe_values.quadrature_point(q);
          const double      D =
            law.evaluate(x, t, K * u[q], temperature_expression.value(x, t)).D;
          for (unsigned int i = 0; i < n; ++i)
            for (unsigned int j = 0; j < n; ++j)
              cell_matrix(i, j) += D * K * fe_values.shape_grad(i, q) *
                                   fe_values.shape_grad(j, q) *
                                   fe_values.JxW(q);
        }
      return true;
    };

    // Without a matrix yet, first look for a positive coupling: meshes of
    // rectangles and boxes have none, and need no correction.
    if (!correction.is_allocated())
      {
        bool any = false;
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (cell->is_locally_owned())
            if (cell_diffusion(cell, true) &&
                (any =
                   PositivityCorrection::has_positive_coupling(cell_matrix)))
              break;
        if (Utilities::MPI::max(any ? 1 : 0, context.mpi_communicator) == 0)
          return;
        correction.reinit(dof_handler,
                          locally_relevant_dofs,
                          hanging_constraints,
                          context.mpi_communicator);
        translations.clear();
      }
    correction.start();
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell_diffusion(cell, false);
          cell->get_dof_indices(dofs);
          correction.add_cell(cell_matrix, dofs, hanging_constraints);
        }
    correction.finish(hanging_constraints);
  }

  template <int dim>
  void
  Diffusion<dim>::add_positivity_residual(
    const TimeStepData              &data,
    const VectorType                &u_owned,
    VectorType                      &r,
    const AffineConstraints<double> &skip) const
  {
    if (!data.steady)
      for (const auto dof : locally_owned_dofs)
        if (!skip.is_constrained(dof))
          r[dof] +=
            lumped_mass[dof] * (data.alpha * u_owned[dof] - history_owned[dof]);
    correction.add_to_residual(u_owned, r, skip);
  }

  template <int dim>
  void
  Diffusion<dim>::add_positivity_jacobian(const TimeStepData &data)
  {
    if (!data.steady)
      {
        for (const auto dof : locally_owned_dofs)
          if (!zero_constraints.is_constrained(dof))
            jacobian.add(dof, dof, lumped_mass[dof] * data.alpha);
        jacobian.compress(VectorOperation::add);
      }
    correction.add_to_jacobian(jacobian, zero_constraints);
  }

#define FLUXION_INSTANTIATE(dim)                                            \
  template Quadrature<dim - 1> Diffusion<dim>::face_quadrature() const;     \
  template void                Diffusion<dim>::compute_lumped_mass();       \
  template void Diffusion<dim>::update_positivity_correction(const double); \
  template void Diffusion<dim>::add_positivity_residual(                    \
    const TimeStepData &,                                                   \
    const VectorType &,                                                     \
    VectorType &,                                                           \
    const AffineConstraints<double> &) const;                               \
  template void Diffusion<dim>::add_positivity_jacobian(const TimeStepData &);
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
