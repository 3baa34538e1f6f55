#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include <fluxion/physics/diffusion/diffusion.h>

#include <cmath>

// Advection in the diffusion physics: the Galerkin terms of the flux c u,
// their SUPG stabilisation, and the advective flux through natural
// boundaries, each with its exact derivative for Newton's method.
namespace Fluxion
{
  template <int dim>
  struct Diffusion<dim>::AdvectionScratch
  {
    AdvectionScratch(const Mapping<dim>        &mapping,
                     const FE_Q<dim>           &fe,
                     const Quadrature<dim - 1> &face_quadrature)
      : fe_values(mapping,
                  fe,
                  QGauss<dim>(fe.degree + 1),
                  update_values | update_gradients | update_hessians |
                    update_quadrature_points | update_JxW_values)
      , fe_face_values(mapping,
                       fe,
                       face_quadrature,
                       update_values | update_quadrature_points |
                         update_JxW_values | update_normal_vectors)
      , n(fe.n_dofs_per_cell())
      , nq(fe_values.n_quadrature_points)
      , u(nq)
      , h(nq)
      , lap_u(nq)
      , uf(face_quadrature.size())
      , grad_u(nq)
      , hessian_u(nq)
      , flow_grad(n)
      , lap_phi(n)
    {}

    FEValues<dim>               fe_values;
    FEFaceValues<dim>           fe_face_values;
    const unsigned int          n;
    const unsigned int          nq;
    std::vector<double>         u, h, lap_u, uf;
    std::vector<Tensor<1, dim>> grad_u;
    std::vector<Tensor<2, dim>> hessian_u;
    std::vector<double>         flow_grad, lap_phi;
    std::string                 error;
  };

  template <int dim>
  std::shared_ptr<typename Diffusion<dim>::AdvectionScratch>
  Diffusion<dim>::make_advection_scratch() const
  {
    if (!advection.active())
      return nullptr;
    // The advective outflow uses the Gauss rule also with positivity: the
    // nodal rule would lose the exactness of the outflow for polynomial
    // data (c = y in Poiseuille flow: L2 error 2e-3 instead of 1e-15 on a
    // 40 x 10 mesh).
    return std::make_shared<AdvectionScratch>(*context.mapping,
                                              *fe,
                                              QGauss<dim - 1>(degree + 1));
  }

  template <int dim>
  void
  Diffusion<dim>::add_advection_cell_terms(
    const typename DoFHandler<dim>::active_cell_iterator &cell,
    const TimeStepData                                   &data,
    AdvectionScratch                                     &a,
    const bool                                            with_matrix,
    FullMatrix<double>                                   &cell_matrix,
    Vector<double>                                       &cell_residual) const
  {
    // Per point: -(c u, grad v) + (tau R, u.grad v), with the strong
    // residual R = dc/dt + u.grad c + c div u - D lap c - s.
    const double t = data.time;
    a.fe_values.reinit(cell);
    a.fe_values.get_function_values(solution, a.u);
    a.fe_values.get_function_gradients(solution, a.grad_u);
    a.fe_values.get_function_hessians(solution, a.hessian_u);
    if (!data.steady)
      a.fe_values.get_function_values(history, a.h);
    const double K     = concentration_scale(cell->material_id());
    const auto  &law   = *laws.at(cell->material_id());
    const double alpha = data.steady ? 0. : data.alpha;
    const double delta = 1e-5 * cell->diameter();
    const bool   supg  = advection.stabilized();
    for (unsigned int q = 0; q < a.nq; ++q)
      {
        const Point<dim>    &x = a.fe_values.quadrature_point(q);
        const Tensor<1, dim> b = advection.velocity(x, t);
        const double         c = K * a.u[q];
        const auto           dv =
          law.evaluate(x, t, c, temperature_expression.value(x, t));
        double sum_flow = 0;
        for (unsigned int i = 0; i < a.n; ++i)
          {
            a.flow_grad[i] = b * a.fe_values.shape_grad(i, q);
            a.lap_phi[i]   = trace(a.fe_values.shape_hessian(i, q));
            sum_flow += std::abs(a.flow_grad[i]);
          }
        const double speed  = b.norm();
        const double h_flow = sum_flow > 0 ? 2 * speed / sum_flow : 0.;
        const auto tau = supg ? AdvectionField<dim>::tau(speed, h_flow, dv.D) :
                                std::make_pair(0., 0.);
        const double div_b =
          tau.first > 0 ? advection.divergence(x, t, delta) : 0.;
        const double f = source_is_zero ? 0. : source_expression.value(x, t);
        const double R = (data.steady ? 0. : K * (alpha * a.u[q] - a.h[q])) +
                         K * (b * a.grad_u[q]) + c * div_b -
                         dv.D * K * trace(a.hessian_u[q]) - f;
        const double JxW = a.fe_values.JxW(q);
        for (unsigned int i = 0; i < a.n; ++i)
          {
            cell_residual(i) +=
              (-c * a.flow_grad[i] + tau.first * R * a.flow_grad[i]) * JxW;
            if (!with_matrix)
              continue;
            for (unsigned int j = 0; j < a.n; ++j)
              {
                const double phi_j = a.fe_values.shape_value(j, q);
                const double dR =
                  K * ((alpha + div_b) * phi_j + a.flow_grad[j] -
                       dv.D * a.lap_phi[j] -
                       dv.dD_dc * K * phi_j * trace(a.hessian_u[q]));
                const double d_tau = tau.second * dv.dD_dc * K * phi_j;
                cell_matrix(i, j) += (-K * phi_j + tau.first * dR + d_tau * R) *
                                     a.flow_grad[i] * JxW;
              }
          }
      }
  }

  template <int dim>
  void
  Diffusion<dim>::add_advection_face_terms(
    const typename DoFHandler<dim>::active_cell_iterator &cell,
    const double                                          t,
    AdvectionScratch                                     &a,
    const bool                                            with_matrix,
    FullMatrix<double>                                   &cell_matrix,
    Vector<double>                                       &cell_residual) const
  {
    // The advective outflow c u.n through the faces of natural boundaries.
    const double K = concentration_scale(cell->material_id());
    for (const auto fi : cell->face_indices())
      if (is_natural_face(cell, fi))
        {
          a.fe_face_values.reinit(cell, fi);
          a.fe_face_values.get_function_values(solution, a.uf);
          for (unsigned int q = 0; q < a.uf.size(); ++q)
            {
              const double bn =
                advection.velocity(a.fe_face_values.quadrature_point(q), t) *
                a.fe_face_values.normal_vector(q) * a.fe_face_values.JxW(q);
              for (unsigned int i = 0; i < a.n; ++i)
                {
                  const double phi_i = a.fe_face_values.shape_value(i, q);
                  cell_residual(i) += K * a.uf[q] * bn * phi_i;
                  if (with_matrix)
                    for (unsigned int j = 0; j < a.n; ++j)
                      cell_matrix(i, j) +=
                        K * a.fe_face_values.shape_value(j, q) * bn * phi_i;
                }
            }
        }
  }

  template <int dim>
  bool
  Diffusion<dim>::is_natural_face(
    const typename DoFHandler<dim>::active_cell_iterator &cell,
    const unsigned int                                    face) const
  {
    return cell->face(face)->at_boundary() &&
           !cell->has_periodic_neighbor(face) &&
           !bcs.at(cell->face(face)->boundary_id())->is_essential();
  }

  template <int dim>
  double
  Diffusion<dim>::advective_outflow(
    const typename DoFHandler<dim>::active_cell_iterator &cell,
    const unsigned int                                    face,
    AdvectionScratch                                     &a) const
  {
    // The integral of c u.n over a face of a natural boundary.
    const double t = last_step.time;
    const double K = concentration_scale(cell->material_id());
    a.fe_face_values.reinit(cell, face);
    a.fe_face_values.get_function_values(solution, a.uf);
    double sum = 0;
    for (unsigned int q = 0; q < a.uf.size(); ++q)
      sum += K * a.uf[q] *
             (advection.velocity(a.fe_face_values.quadrature_point(q), t) *
              a.fe_face_values.normal_vector(q)) *
             a.fe_face_values.JxW(q);
    return sum;
  }

  template <int dim>
  void
  Diffusion<dim>::check_advection_support() const
  {
    if (!advection.active())
      return;
    AssertThrow(!matrix_free,
                ExcMessage("Parameter <Advection/Velocity>: the matrix-free "
                           "operator (<Solver/Operator> = matrix-free) does "
                           "not support advection; use matrix-based."));
    AssertThrow(linear_solver != "cg",
                ExcMessage("Parameter <Solver/Linear solver>: with advection "
                           "(<Advection/Velocity>) the system is not "
                           "symmetric and cg does not apply; use auto, gmres "
                           "or direct."));
  }

#define FLUXION_INSTANTIATE(dim)                                      \
  template std::shared_ptr<typename Diffusion<dim>::AdvectionScratch> \
                Diffusion<dim>::make_advection_scratch() const;       \
  template void Diffusion<dim>::add_advection_cell_terms(             \
    const typename DoFHandler<dim>::active_cell_iterator &,           \
    const TimeStepData &,                                             \
    AdvectionScratch &,                                               \
    const bool,                                                       \
    FullMatrix<double> &,                                             \
    Vector<double> &) const;                                          \
  template void Diffusion<dim>::add_advection_face_terms(             \
    const typename DoFHandler<dim>::active_cell_iterator &,           \
    const double,                                                     \
    AdvectionScratch &,                                               \
    const bool,                                                       \
    FullMatrix<double> &,                                             \
    Vector<double> &) const;                                          \
  template bool Diffusion<dim>::is_natural_face(                      \
    const typename DoFHandler<dim>::active_cell_iterator &,           \
    const unsigned int) const;                                        \
  template double Diffusion<dim>::advective_outflow(                  \
    const typename DoFHandler<dim>::active_cell_iterator &,           \
    const unsigned int,                                               \
    AdvectionScratch &) const;                                        \
  template void Diffusion<dim>::check_advection_support() const;
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
