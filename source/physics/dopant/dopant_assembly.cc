#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include <fluxion/physics/dopant/dopant_diffusion.h>
#include <fluxion/physics/dopant/layer_levels.h>

#include <cmath>

namespace Fluxion
{
  /**
   * What the cell terms of one assembly share: the coefficients at the
   * temperature of the step, the FEValues objects and the cell's local
   * matrices and values.
   */
  template <int dim>
  struct DopantDiffusion<dim>::AssemblyScratch
  {
    AssemblyScratch(const DopantDiffusion<dim> &physics,
                    const TimeStepData         &data,
                    const bool                  with_matrix,
                    const bool                  refresh);

    const bool         with_matrix;
    const bool         refresh;
    const unsigned int n_species;
    const double       T;
    const double       ni;
    const double       scale;
    // 1 with the built-in field (fermi model), else 0.
    const double                         s;
    const double                         time;
    const std::vector<SurfaceCondition> &conditions;
    std::vector<double> D_fixed, D_e, dD_e, D_oxide, D_layer, K;

    const QGauss<dim>   quadrature;
    Quadrature<dim - 1> face_quadrature;
    FEValues<dim>       fe_values;
    FEValues<dim>       fe_nodal;
    FEFaceValues<dim>   fe_face;

    const unsigned int                       n;
    FullMatrix<double>                       cell_matrix;
    FullMatrix<double>                       cell_diffusion;
    Vector<double>                           cell_residual;
    std::vector<types::global_dof_index>     dofs;
    std::vector<Vector<double>>              values;
    std::vector<std::vector<Tensor<1, dim>>> grads;
    std::vector<Vector<double>>              face_values;
    std::vector<unsigned int>                comp;
    std::vector<Tensor<1, dim>>              flux;
  };

  namespace
  {
    // The surface mass transfer with the nodal rule too: a diagonal term.
    template <int dim>
    Quadrature<dim - 1>
    surface_quadrature(const unsigned int degree)
    {
      if constexpr (dim > 1)
        return QGaussLobatto<dim - 1>(degree + 1);
      else
        return QGauss<dim - 1>(1);
    }
  } // namespace

  template <int dim>
  DopantDiffusion<dim>::AssemblyScratch::AssemblyScratch(
    const DopantDiffusion<dim> &physics,
    const TimeStepData         &data,
    const bool                  with_matrix,
    const bool                  refresh)
    : with_matrix(with_matrix)
    , refresh(refresh)
    , n_species(physics.dopants.size())
    , T(physics.process->temperature(data.time))
    , ni(intrinsic_carrier_density(T))
    , scale(physics.diffusivity_scale())
    , s(physics.fermi ? 1.0 : 0.0)
    , time(data.time)
    , conditions(
        physics.surface_conditions[physics.process->step_index(data.time)])
    , D_fixed(n_species)
    , D_e(n_species)
    , dD_e(n_species)
    , D_oxide(n_species)
    , D_layer(n_species)
    , K(n_species, 1.0)
    , quadrature(physics.degree + 1)
    , face_quadrature(surface_quadrature<dim>(physics.degree))
    , fe_values(*physics.context.mapping,
                *physics.fe,
                quadrature,
                update_values | update_gradients | update_JxW_values)
    , fe_nodal(*physics.context.mapping,
               *physics.fe,
               QGaussLobatto<dim>(physics.degree + 1),
               update_values | update_gradients | update_JxW_values)
    , fe_face(*physics.context.mapping,
              *physics.fe,
              face_quadrature,
              update_values | update_quadrature_points | update_JxW_values)
    , n(physics.fe->n_dofs_per_cell())
    , cell_matrix(n, n)
    , cell_diffusion(n, n)
    , cell_residual(n)
    , dofs(n)
    , values(quadrature.size(), Vector<double>(n_species))
    , grads(quadrature.size(), std::vector<Tensor<1, dim>>(n_species))
    , face_values(face_quadrature.size(), Vector<double>(n_species))
    , comp(n)
    , flux(n_species)
  {
    const auto &dopants = physics.dopants;
    for (unsigned int i = 0; i < n_species; ++i)
      {
        D_fixed[i] = (physics.use_single_arrhenius &&
                          dopants[i].intrinsic.prefactor_cm2_s > 0 ?
                        dopants[i].intrinsic.value(T) :
                        dopants[i].intrinsic_diffusivity(T)) *
                     scale;
        D_oxide[i] = physics.oxide_diffusivity[i].value(T) * scale;
        // Across an interface layer: D = h delta, so D / delta = h (delta:
        // per coarse cell, in the cell loop).
        D_layer[i] =
          physics.interface_transport[i].value(T) / physics.length_unit_cm();
      }
    for (unsigned int k = 0; k < n; ++k)
      comp[k] = physics.fe->system_to_component_index(k).first;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::assemble(const TimeStepData &data,
                                 const bool          with_matrix,
                                 const bool          refresh_correction)
  {
    TimerOutput::Scope timer_scope(*context.timer, "assembly");
    const bool         refresh = refresh_correction && use_correction;
    AssemblyScratch    sc(*this, data, with_matrix, refresh);
    const unsigned int n = sc.n;
    if (refresh)
      correction.start();
    if (with_matrix)
      jacobian = 0;
    residual = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          sc.cell_matrix   = 0;
          sc.cell_residual = 0;
          if (refresh)
            sc.cell_diffusion = 0;
          cell->get_dof_indices(sc.dofs);

          // C = K u per dopant: K = 1 in silicon, 1/m in an oxide.
          for (unsigned int i = 0; i < sc.n_species; ++i)
            sc.K[i] = concentration_factor(i, cell->material_id());
          if (is_oxide(cell->material_id()) ||
              is_interface_layer(cell->material_id()))
            add_oxide_and_layer_terms(cell, sc);
          else
            add_silicon_terms(cell, sc);
          add_surface_terms(cell, sc);
          add_local(sc.cell_matrix, sc.cell_residual, sc.dofs, with_matrix);
          if (refresh)
            {
              auto &cell_diffusion = sc.cell_diffusion;
              // Symmetric per cell, so that the correction is symmetric to
              // the last bit or two (the global sums may add in different
              // orders) and moves no dopant beyond round-off: the larger of
              // the two couplings, so that the correction d_ij >= max(a_ij,
              // a_ji) cancels the positive couplings of the drift, which is
              // not symmetric (discrete upwinding); the diffusion part is.
              for (unsigned int k = 0; k < n; ++k)
                for (unsigned int l = 0; l < k; ++l)
                  cell_diffusion(k, l) = cell_diffusion(l, k) =
                    std::max(cell_diffusion(k, l), cell_diffusion(l, k));
              // Condensed on hanging nodes only: couplings to nodes with a
              // prescribed surface value are corrected as well.
              correction.add_cell(cell_diffusion, sc.dofs, hanging_constraints);
            }
        }
    add_interface_pair_terms(sc);
    add_time_derivative(data, with_matrix);
    if (refresh)
      correction.finish(zero_constraints);
    if (use_correction)
      {
        // sum_j d_ij (u_i - u_j), from differences: the product with the
        // matrix would leave the round-off of its row sums times u (1e18
        // cm^-3) in every row, a systematic drift of the dose.
        VectorType owned(locally_owned_dofs, context.mpi_communicator);
        owned = solution;
        correction.add_to_residual(owned, residual, zero_constraints);
        if (with_matrix)
          correction.add_to_jacobian(jacobian, zero_constraints);
      }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::add_local(
    const FullMatrix<double>                   &matrix,
    const Vector<double>                       &vector,
    const std::vector<types::global_dof_index> &indices,
    const bool                                  with_matrix)
  {
    if (with_matrix)
      zero_constraints.distribute_local_to_global(
        matrix, vector, indices, jacobian, residual);
    else
      zero_constraints.distribute_local_to_global(vector, indices, residual);
  }

  template <int dim>
  void
  DopantDiffusion<dim>::add_oxide_and_layer_terms(const CellIterator &cell,
                                                  AssemblyScratch    &sc)
  {
    const bool         layer          = is_interface_layer(cell->material_id());
    const unsigned int n              = sc.n;
    const auto        &comp           = sc.comp;
    const auto        &K              = sc.K;
    const auto        &D_layer        = sc.D_layer;
    const auto        &D_oxide        = sc.D_oxide;
    const auto        &grads          = sc.grads;
    const bool         with_matrix    = sc.with_matrix;
    const bool         refresh        = sc.refresh;
    auto              &cell_matrix    = sc.cell_matrix;
    auto              &cell_diffusion = sc.cell_diffusion;
    auto              &cell_residual  = sc.cell_residual;
    // Fluxes. An interface layer only carries the flux across itself:
    // D = h delta along its normal n (the direction in which the cell
    // is thinnest), none along it. With the nodal (Gauss-Lobatto)
    // rule each node then couples only with the node across the
    // layer, negatively, as a pair of nodes on a 1D interface does;
    // a Gauss rule, or D along the layer, couples the nodes along
    // each side positively (no M-matrix: undershoots next to the
    // mask edge).
    FEValues<dim> &fe_flux = layer ? sc.fe_nodal : sc.fe_values;
    fe_flux.reinit(cell);
    fe_flux.get_function_values(solution, sc.values);
    fe_flux.get_function_gradients(solution, sc.grads);
    Tensor<1, dim> normal;
    double         delta = 0;
    if (layer)
      {
        normal = thinnest_direction<dim>(cell);
        delta  = layer_thickness.at(cell->id().get_coarse_cell_id());
      }
    // In an oxide: Fick's law with the oxide diffusivity, no field;
    // in an interface layer: u = C_Si on one side and m C_ox on the
    // other.
    for (unsigned int q = 0; q < sc.quadrature.size(); ++q)
      {
        const double JxW = fe_flux.JxW(q);
        // The gradient that drives the flux: all of it in an oxide,
        // its normal part in a layer.
        const auto drive = [&](const Tensor<1, dim> &g) {
          return layer ? (g * normal) * normal : g;
        };
        for (unsigned int k = 0; k < n; ++k)
          {
            const unsigned int i = comp[k];
            const double D = layer ? D_layer[i] * delta : D_oxide[i] * K[i];
            cell_residual(k) +=
              D * drive(grads[q][i]) * fe_flux.shape_grad(k, q) * JxW;
            if (with_matrix || refresh)
              for (unsigned int l = 0; l < n; ++l)
                if (comp[l] == i)
                  {
                    const double a = D * drive(fe_flux.shape_grad(l, q)) *
                                     fe_flux.shape_grad(k, q) * JxW;
                    cell_matrix(k, l) += a;
                    if (refresh)
                      cell_diffusion(k, l) += a;
                  }
          }
      }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::add_silicon_terms(const CellIterator &cell,
                                          AssemblyScratch    &sc)
  {
    const unsigned int n              = sc.n;
    const unsigned int n_species      = sc.n_species;
    const auto        &comp           = sc.comp;
    const double       T              = sc.T;
    const double       ni             = sc.ni;
    const double       scale          = sc.scale;
    const double       s              = sc.s;
    const bool         with_matrix    = sc.with_matrix;
    const bool         refresh        = sc.refresh;
    auto              &fe_values      = sc.fe_values;
    auto              &values         = sc.values;
    auto              &grads          = sc.grads;
    auto              &D_e            = sc.D_e;
    auto              &dD_e           = sc.dD_e;
    auto              &flux           = sc.flux;
    const auto        &D_fixed        = sc.D_fixed;
    auto              &cell_matrix    = sc.cell_matrix;
    auto              &cell_diffusion = sc.cell_diffusion;
    auto              &cell_residual  = sc.cell_residual;
    fe_values.reinit(cell);
    fe_values.get_function_values(solution, values);
    fe_values.get_function_gradients(solution, grads);
    for (unsigned int q = 0; q < sc.quadrature.size(); ++q)
      {
        const double   JxW = fe_values.JxW(q);
        double         N   = background;
        Tensor<1, dim> gradN;
        for (unsigned int j = 0; j < n_species; ++j)
          {
            N += dopants[j].charge * values[q][j];
            gradN += dopants[j].charge * grads[q][j];
          }
        const double eta  = std::asinh(N / (2 * ni));
        const double e    = std::exp(eta);
        const double etap = 1.0 / (2 * ni * std::cosh(eta)); // d eta/dN
        for (unsigned int i = 0; i < n_species; ++i)
          {
            if (fermi)
              {
                D_e[i]  = dopants[i].diffusivity(T, e) * scale;
                dD_e[i] = dopants[i].diffusivity_derivative(T, e) * scale;
              }
            else
              {
                D_e[i]  = D_fixed[i];
                dD_e[i] = 0;
              }
            const double z = dopants[i].charge;
            flux[i] =
              D_e[i] * (grads[q][i] + s * z * values[q][i] * etap * gradN);
          }
        for (unsigned int k = 0; k < n; ++k)
          {
            const unsigned int i = comp[k];
            cell_residual(k) += flux[i] * fe_values.shape_grad(k, q) * JxW;
          }
        // The operator on C_i at frozen n/ni: diffusion D_i grad C_i
        // and, with the fermi model, the drift of the built-in field
        // D_i z_i C_i grad ln(n/ni).
        if (refresh)
          for (unsigned int k = 0; k < n; ++k)
            for (unsigned int l = 0; l < n; ++l)
              if (comp[k] == comp[l])
                {
                  const unsigned int i = comp[k];
                  cell_diffusion(k, l) +=
                    D_e[i] *
                    (fe_values.shape_grad(l, q) +
                     s * dopants[i].charge * etap *
                       fe_values.shape_value(l, q) * gradN) *
                    fe_values.shape_grad(k, q) * JxW;
                }
        if (!with_matrix)
          continue;
        for (unsigned int l = 0; l < n; ++l)
          {
            const unsigned int   j     = comp[l];
            const double         zj    = dopants[j].charge;
            const double         psi   = fe_values.shape_value(l, q);
            const Tensor<1, dim> dpsi  = fe_values.shape_grad(l, q);
            const double         de    = e * etap * zj * psi;
            const double         detap = -N * etap * etap * etap * zj * psi;
            for (unsigned int k = 0; k < n; ++k)
              {
                const unsigned int i  = comp[k];
                const double       zi = dopants[i].charge;
                Tensor<1, dim>     dflux;
                if (fermi)
                  {
                    dflux =
                      dD_e[i] * de *
                      (grads[q][i] + s * zi * values[q][i] * etap * gradN);
                    Tensor<1, dim> inner = s * zi *
                                           (values[q][i] * detap * gradN +
                                            values[q][i] * etap * zj * dpsi);
                    if (i == j)
                      inner += dpsi + s * zi * psi * etap * gradN;
                    dflux += D_e[i] * inner;
                  }
                else if (i == j)
                  dflux = D_e[i] * dpsi;
                cell_matrix(k, l) += dflux * fe_values.shape_grad(k, q) * JxW;
              }
          }
      }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::add_surface_terms(const CellIterator &cell,
                                          AssemblyScratch    &sc)
  {
    const unsigned int n               = sc.n;
    const auto        &comp            = sc.comp;
    const auto        &K               = sc.K;
    const auto        &conditions      = sc.conditions;
    const bool         with_matrix     = sc.with_matrix;
    auto              &fe_face         = sc.fe_face;
    auto              &face_values     = sc.face_values;
    const auto        &face_quadrature = sc.face_quadrature;
    auto              &cell_matrix     = sc.cell_matrix;
    auto              &cell_residual   = sc.cell_residual;
    // Mass transfer at the surface, J.n = h (C - C*) outwards: the natural
    // conditions give the inward flux of C = K u.
    for (const auto f : cell->face_indices())
      if (cell->face(f)->at_boundary() &&
          cell->face(f)->boundary_id() == surface_id)
        {
          bool any = false;
          for (const auto &c : conditions)
            any |= c && !c->is_essential();
          if (!any)
            break;
          if (!in_window(cell->face(f)->center()))
            continue;
          fe_face.reinit(cell, f);
          fe_face.get_function_values(solution, face_values);
          for (unsigned int q = 0; q < face_quadrature.size(); ++q)
            for (unsigned int k = 0; k < n; ++k)
              {
                const unsigned int i = comp[k];
                const auto        &c = conditions[i];
                if (!c || c->is_essential())
                  continue;
                const BoundaryFlux J   = c->flux(fe_face.quadrature_point(q),
                                               sc.time,
                                               K[i] * face_values[q][i]);
                const double       phi = fe_face.shape_value(k, q);
                cell_residual(k) -= J.inward_flux * phi * fe_face.JxW(q);
                if (with_matrix)
                  for (unsigned int l = 0; l < n; ++l)
                    if (comp[l] == i)
                      cell_matrix(k, l) -= J.d_inward_flux_dc * K[i] * phi *
                                           fe_face.shape_value(l, q) *
                                           fe_face.JxW(q);
              }
        }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::add_interface_pair_terms(const AssemblyScratch &sc)
  {
    const unsigned int n_species   = sc.n_species;
    const double       T           = sc.T;
    const bool         with_matrix = sc.with_matrix;
    // Transport across disconnected interfaces (1D, unit area): the flux
    // J = h (C_Si - m C_ox) leaves silicon and enters the oxide.
    for (const auto &p : interface_pairs)
      for (unsigned int i = 0; i < n_species; ++i)
        {
          const double h = interface_transport[i].value(T) / length_unit_cm();
          const double m = segregation[i];
          const double J =
            h * (solution(p.silicon[i]) - m * solution(p.oxide[i]));
          FullMatrix<double> local_matrix(2, 2);
          Vector<double>     local_residual(2);
          local_residual(0)                                    = J;
          local_residual(1)                                    = -J;
          local_matrix(0, 0)                                   = h;
          local_matrix(0, 1)                                   = -h * m;
          local_matrix(1, 0)                                   = -h;
          local_matrix(1, 1)                                   = h * m;
          const std::vector<types::global_dof_index> pair_dofs = {p.silicon[i],
                                                                  p.oxide[i]};
          add_local(local_matrix, local_residual, pair_dofs, with_matrix);
        }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::add_time_derivative(const TimeStepData &data,
                                            const bool          with_matrix)
  {
    // Time derivative with the condensed lumped mass: diagonal, on the
    // owned rows that are not constrained.
    for (const auto dof : locally_owned_dofs)
      if (!zero_constraints.is_constrained(dof))
        {
          const double m = lumped_mass[dof];
          residual[dof] += m * (data.alpha * solution[dof] - history[dof]);
          if (with_matrix)
            jacobian.add(dof, dof, m * data.alpha);
        }
    if (with_matrix)
      jacobian.compress(VectorOperation::add);
    residual.compress(VectorOperation::add);
  }

#define FLUXION_INSTANTIATE(dim)                                     \
  template void DopantDiffusion<dim>::assemble(const TimeStepData &, \
                                               const bool,           \
                                               const bool);
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
