#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include <fluxion/core/translation_cache.h>
#include <fluxion/physics/diffusion/diffusion.h>
#include <fluxion/solvers/cell_matrix_adder.h>

#include <cmath>
#include <iomanip>
#include <sstream>

// The Newton system of the diffusion physics: the cell terms, the natural
// boundary terms, and the linear operators built alongside; and the
// coefficients of the matrix-free operator.
namespace Fluxion
{
  namespace
  {
    // A number for an error message, with six significant digits.
    std::string
    number(const double x)
    {
      std::ostringstream s;
      s << std::setprecision(6) << x;
      return s.str();
    }
  } // namespace

  template <int dim>
  struct Diffusion<dim>::NewtonScratch
  {
    NewtonScratch(const Mapping<dim>        &mapping,
                  const FE_Q<dim>           &fe,
                  const Quadrature<dim - 1> &face_quadrature)
      : quadrature(fe.degree + 1)
      , fe_values(mapping,
                  fe,
                  quadrature,
                  update_values | update_gradients | update_quadrature_points |
                    update_JxW_values)
      , fe_face_values(mapping,
                       fe,
                       face_quadrature,
                       update_values | update_quadrature_points |
                         update_JxW_values)
      , n(fe.n_dofs_per_cell())
      , nq(quadrature.size())
      , cell_matrix(n, n)
      , cell_residual(n)
      , dofs(n)
      , u(nq)
      , h(nq)
      , phi(n)
      , grad_u(nq)
      , grad(n)
      , cell_mass(n, n)
      , cell_stiffness(n, n)
      , cell_load(n)
      , ref_mass(n, n)
      , ref_stiffness(n, n)
      , ref_load(n)
      , u_local(n)
      , h_local(n)
      , tmp(n)
    {
      no_constraints.close();
    }

    const QGauss<dim>  quadrature;
    FEValues<dim>      fe_values;
    FEFaceValues<dim>  fe_face_values;
    const unsigned int n;
    const unsigned int nq;

    // What to assemble.
    bool   with_matrix     = false;
    bool   build_raw       = false;
    bool   consistent_mass = false;
    bool   try_cache       = false;
    double f_const         = 0;

    // The terms of one cell.
    FullMatrix<double>                   cell_matrix;
    Vector<double>                       cell_residual;
    std::vector<types::global_dof_index> dofs;
    std::vector<double>                  u, h, phi;
    std::vector<Tensor<1, dim>>          grad_u, grad;
    FullMatrix<double>                   cell_mass, cell_stiffness;
    Vector<double>                       cell_load;

    // The matrices of the last cell that was not a translate.
    FullMatrix<double>    ref_mass, ref_stiffness;
    Vector<double>        ref_load, u_local, h_local, tmp;
    TranslationCache<dim> translations;

    AffineConstraints<double> no_constraints;
    CellMatrixAdder           adder;
    // The first invalid diffusivity met.
    std::string error;
  };

  template <int dim>
  void
  Diffusion<dim>::add_natural_terms(
    const typename DoFHandler<dim>::active_cell_iterator &cell,
    FEFaceValues<dim>                                    &fe_face_values,
    const double                                          t,
    const bool                                            with_matrix,
    const bool                                            build_raw,
    FullMatrix<double>                                   &cell_matrix,
    Vector<double>                                       &cell_residual,
    FullMatrix<double>                                   &cell_stiffness,
    Vector<double>                                       &cell_load) const
  {
    // Flux, mass transfer and other natural conditions on the faces of a
    // boundary cell.
    const unsigned int  n   = fe->n_dofs_per_cell();
    const unsigned int  nfq = fe_face_values.n_quadrature_points;
    const double        K   = concentration_scale(cell->material_id());
    std::vector<double> uf(nfq);
    for (const auto fi : cell->face_indices())
      if (cell->face(fi)->at_boundary())
        {
          const auto &bc = *bcs.at(cell->face(fi)->boundary_id());
          if (bc.is_essential())
            continue;
          fe_face_values.reinit(cell, fi);
          fe_face_values.get_function_values(solution, uf);
          for (unsigned int q = 0; q < nfq; ++q)
            {
              const Point<dim> &x   = fe_face_values.quadrature_point(q);
              const auto        fl  = bc.flux(x, t, K * uf[q]);
              const double      JxW = fe_face_values.JxW(q);
              for (unsigned int i = 0; i < n; ++i)
                {
                  const double phi_i = fe_face_values.shape_value(i, q);
                  cell_residual(i) -= fl.inward_flux * phi_i * JxW;
                  if (with_matrix)
                    for (unsigned int j = 0; j < n; ++j)
                      {
                        const double m =
                          fe_face_values.shape_value(j, q) * phi_i * JxW;
                        cell_matrix(i, j) -= fl.d_inward_flux_dc * K * m;
                        if (build_raw)
                          cell_stiffness(i, j) -= fl.d_inward_flux_dc * K * m;
                      }
                  if (build_raw)
                    {
                      // The load is the flux at c = 0 (the flux is affine in
                      // c for a linear problem).
                      const double q0 =
                        fl.inward_flux - fl.d_inward_flux_dc * K * uf[q];
                      cell_load(i) += q0 * phi_i * JxW;
                    }
                }
            }
        }
  }

  template <int dim>
  void
  Diffusion<dim>::assemble_newton_system(const TimeStepData &data,
                                         const bool          with_matrix)
  {
    TimerOutput::Scope timer_scope(*context.timer, "assembly");
    refresh_history();
    NewtonScratch s(*context.mapping, *fe, this->face_quadrature());
    s.with_matrix = with_matrix;
    // Build the linear operators alongside the first Jacobian of a linear
    // problem.
    s.build_raw = raw_stiffness.m() > 0 && !operators_valid && with_matrix;
    // With positivity, the lumped mass is added after the cell loop.
    s.consistent_mass = !data.steady && !positivity;
    if (s.build_raw)
      {
        if (!positivity)
          raw_mass = 0;
        raw_stiffness = 0;
        raw_load      = 0;
      }

    if (with_matrix)
      jacobian = 0;
    residual = 0;

    // With an affine mapping, a uniform diffusivity and a constant source,
    // the element matrices of a cell depend only on its shape: cells that
    // are translates of the previous one reuse its mass and stiffness
    // matrices and load vector.
    s.try_cache = context.linear_mapping && !nonlinear &&
                  (source_is_zero || source_expression.is_constant());
    s.f_const =
      source_is_zero ? 0. : source_expression.value(Point<dim>(), data.time);

    const auto advection_scratch = make_advection_scratch();
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(s.dofs);
          if (s.try_cache && laws.at(cell->material_id())->is_uniform())
            assemble_translated_cell(cell, data, s);
          else
            assemble_cell(cell, data, s);
          if (advection_scratch)
            {
              add_advection_cell_terms(cell,
                                       data,
                                       *advection_scratch,
                                       with_matrix,
                                       s.cell_matrix,
                                       s.cell_residual);
              if (cell->at_boundary())
                add_advection_face_terms(cell,
                                         data.time,
                                         *advection_scratch,
                                         with_matrix,
                                         s.cell_matrix,
                                         s.cell_residual);
            }

          if (cell->at_boundary())
            add_natural_terms(cell,
                              s.fe_face_values,
                              data.time,
                              with_matrix,
                              s.build_raw,
                              s.cell_matrix,
                              s.cell_residual,
                              s.cell_stiffness,
                              s.cell_load);
          distribute_cell_terms(s);
        }
    // A law that is invalid at an iterate (e.g. D(c) < 0 where an iterate
    // undershoots) fails the iterate: the line search backtracks, or the
    // step is cut.
    check_assembly_error(s.error, true);
    finish_newton_system(data, s);
  }

  template <int dim>
  void
  Diffusion<dim>::assemble_translated_cell(
    const typename DoFHandler<dim>::active_cell_iterator &cell,
    const TimeStepData                                   &data,
    NewtonScratch                                        &s) const
  {
    // A cell with a uniform law and a constant source: its matrices are
    // those of the reference cell times D and K.
    const unsigned int n = s.n;
    if (!s.translations.is_translate(cell))
      {
        s.fe_values.reinit(cell);
        s.ref_mass      = 0;
        s.ref_stiffness = 0;
        s.ref_load      = 0;
        for (unsigned int q = 0; q < s.nq; ++q)
          for (unsigned int i = 0; i < n; ++i)
            {
              const double w = s.fe_values.JxW(q);
              s.ref_load(i) += s.fe_values.shape_value(i, q) * w;
              for (unsigned int j = 0; j < n; ++j)
                {
                  s.ref_mass(i, j) += s.fe_values.shape_value(i, q) *
                                      s.fe_values.shape_value(j, q) * w;
                  s.ref_stiffness(i, j) += s.fe_values.shape_grad(i, q) *
                                           s.fe_values.shape_grad(j, q) * w;
                }
            }
      }
    const double t = data.time;
    const double K = concentration_scale(cell->material_id());
    const double D =
      laws.at(cell->material_id())->evaluate(cell->center(), t, 0, 0).D;
    if (!(D > 0 && std::isfinite(D)) && s.error.empty())
      s.error = "Materials/" + region_name_of.at(cell->material_id()) +
                ": the diffusivity law gave D = " + number(D) +
                " at t = " + number(t) +
                " s; the diffusivity must be positive.";
    const double alpha = s.consistent_mass ? data.alpha : 0.;
    for (unsigned int i = 0; i < n; ++i)
      for (unsigned int j = 0; j < n; ++j)
        s.cell_matrix(i, j) =
          alpha * K * s.ref_mass(i, j) + D * K * s.ref_stiffness(i, j);
    // residual = (alpha K M + D K S) u - K M h - f F
    cell->get_dof_values(solution, s.u_local);
    s.cell_matrix.vmult(s.cell_residual, s.u_local);
    if (s.consistent_mass)
      {
        cell->get_dof_values(history, s.h_local);
        s.ref_mass.vmult(s.tmp, s.h_local);
        s.cell_residual.add(-K, s.tmp);
      }
    s.cell_residual.add(-s.f_const, s.ref_load);
    if (s.build_raw)
      {
        for (unsigned int i = 0; i < n; ++i)
          for (unsigned int j = 0; j < n; ++j)
            {
              s.cell_mass(i, j)      = K * s.ref_mass(i, j);
              s.cell_stiffness(i, j) = D * K * s.ref_stiffness(i, j);
            }
        s.cell_load.equ(s.f_const, s.ref_load);
      }
  }

  template <int dim>
  void
  Diffusion<dim>::assemble_cell(
    const typename DoFHandler<dim>::active_cell_iterator &cell,
    const TimeStepData                                   &data,
    NewtonScratch                                        &s) const
  {
    // The cell terms by quadrature, with the law at each point.
    const unsigned int n = s.n;
    const double       t = data.time;
    s.fe_values.reinit(cell);
    s.fe_values.get_function_values(solution, s.u);
    s.fe_values.get_function_gradients(solution, s.grad_u);
    if (!data.steady)
      s.fe_values.get_function_values(history, s.h);
    const double K   = concentration_scale(cell->material_id());
    const auto  &law = *laws.at(cell->material_id());
    s.cell_matrix    = 0;
    s.cell_residual  = 0;
    if (s.build_raw)
      {
        s.cell_mass      = 0;
        s.cell_stiffness = 0;
        s.cell_load      = 0;
      }
    for (unsigned int q = 0; q < s.nq; ++q)
      {
        const Point<dim> &x  = s.fe_values.quadrature_point(q);
        const double      c  = K * s.u[q];
        const double      T  = temperature_expression.value(x, t);
        const auto        dv = law.evaluate(x, t, c, T);
        if (!(dv.D > 0 && std::isfinite(dv.D)) && s.error.empty())
          s.error = "Materials/" + region_name_of.at(cell->material_id()) +
                    ": the diffusivity law gave D = " + number(dv.D) +
                    " at c = " + number(c) + ", T = " + number(T) +
                    " K, t = " + number(t) +
                    " s; the diffusivity must be positive.";
        const double f = source_is_zero ? 0. : source_expression.value(x, t);
        const double dt_term =
          s.consistent_mass ? K * (data.alpha * s.u[q] - s.h[q]) : 0.;
        const double JxW = s.fe_values.JxW(q);
        for (unsigned int i = 0; i < n; ++i)
          {
            s.phi[i]  = s.fe_values.shape_value(i, q);
            s.grad[i] = s.fe_values.shape_grad(i, q);
          }
        const double m_coef = s.consistent_mass ? K * data.alpha * JxW : 0.;
        const double k_coef = dv.D * K * JxW;
        const double n_coef = dv.dD_dc * K * K * JxW;
        for (unsigned int i = 0; i < n; ++i)
          {
            const double gu_i = s.grad_u[q] * s.grad[i];
            s.cell_residual(i) +=
              (dt_term * s.phi[i] - f * s.phi[i]) * JxW + k_coef * gu_i;
            if (s.with_matrix)
              {
                for (unsigned int j = 0; j < n; ++j)
                  s.cell_matrix(i, j) += m_coef * s.phi[j] * s.phi[i] +
                                         k_coef * (s.grad[j] * s.grad[i]);
                if (n_coef != 0)
                  for (unsigned int j = 0; j < n; ++j)
                    s.cell_matrix(i, j) += n_coef * s.phi[j] * gu_i;
                if (s.build_raw)
                  for (unsigned int j = 0; j < n; ++j)
                    {
                      s.cell_mass(i, j) += K * s.phi[j] * s.phi[i] * JxW;
                      s.cell_stiffness(i, j) +=
                        k_coef * (s.grad[j] * s.grad[i]);
                    }
              }
            if (s.build_raw)
              s.cell_load(i) += f * s.phi[i] * JxW;
          }
      }
  }

  template <int dim>
  void
  Diffusion<dim>::distribute_cell_terms(NewtonScratch &s)
  {
    if (s.with_matrix)
      s.adder.add(zero_constraints,
                  s.cell_matrix,
                  s.cell_residual,
                  s.dofs,
                  jacobian,
                  residual);
    else
      zero_constraints.distribute_local_to_global(s.cell_residual,
                                                  s.dofs,
                                                  residual);
    if (s.build_raw)
      {
        if (!positivity)
          s.adder.add(s.no_constraints, s.cell_mass, s.dofs, raw_mass);
        s.adder.add(s.no_constraints,
                    s.cell_stiffness,
                    s.cell_load,
                    s.dofs,
                    raw_stiffness,
                    raw_load);
      }
  }

  template <int dim>
  void
  Diffusion<dim>::finish_newton_system(const TimeStepData  &data,
                                       const NewtonScratch &s)
  {
    // Exchange the cell sums, then add the lumped mass and the positivity
    // correction, which act on whole rows.
    if (s.with_matrix)
      jacobian.compress(VectorOperation::add);
    residual.compress(VectorOperation::add);
    if (positivity)
      {
        solution_owned.reinit(locally_owned_dofs, context.mpi_communicator);
        solution_owned = solution;
        add_positivity_residual(data,
                                solution_owned,
                                residual,
                                zero_constraints);
        if (s.with_matrix)
          add_positivity_jacobian(data);
      }
    if (s.build_raw)
      {
        if (!positivity)
          raw_mass.compress(VectorOperation::add);
        raw_stiffness.compress(VectorOperation::add);
        raw_load.compress(VectorOperation::add);
        operators_valid = true;
        load_time       = data.time;
      }
  }

  template <int dim>
  void
  Diffusion<dim>::cell_coefficients(
    const typename Triangulation<dim>::cell_iterator &cell,
    const std::vector<Point<dim>>                    &points,
    std::vector<double>                              &conductance,
    double                                           &capacity,
    bool                                             &uniform) const
  {
    const auto  &law = *laws.at(cell->material_id());
    const double K   = concentration_scale(cell->material_id());
    capacity         = K;
    uniform          = law.is_uniform();
    // A uniform law needs neither the position nor the temperature.
    for (unsigned int q = 0; q < points.size(); ++q)
      {
        const double D =
          uniform ? law.evaluate(points[0], time, 0., 0.).D :
                    law
                      .evaluate(points[q],
                                time,
                                0.,
                                temperature_expression.value(points[q], time))
                      .D;
        if (!(D > 0 && std::isfinite(D)) && coefficient_error.empty())
          coefficient_error = "Materials/" +
                              region_name_of.at(cell->material_id()) +
                              ": the diffusivity law gave D = " + number(D) +
                              "; the diffusivity must be positive.";
        conductance[q] = D * K;
        if (uniform)
          {
            std::fill(conductance.begin(), conductance.end(), D * K);
            break;
          }
      }
  }

#define FLUXION_INSTANTIATE(dim)                                             \
  template void Diffusion<dim>::add_natural_terms(                           \
    const typename DoFHandler<dim>::active_cell_iterator &,                  \
    FEFaceValues<dim> &,                                                     \
    const double,                                                            \
    const bool,                                                              \
    const bool,                                                              \
    FullMatrix<double> &,                                                    \
    Vector<double> &,                                                        \
    FullMatrix<double> &,                                                    \
    Vector<double> &) const;                                                 \
  template void Diffusion<dim>::assemble_newton_system(const TimeStepData &, \
                                                       const bool);          \
  template void Diffusion<dim>::cell_coefficients(                           \
    const typename Triangulation<dim>::cell_iterator &,                      \
    const std::vector<Point<dim>> &,                                         \
    std::vector<double> &,                                                   \
    double &,                                                                \
    bool &) const;
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
