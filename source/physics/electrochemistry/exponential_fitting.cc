#include <fluxion/physics/electrochemistry/constants.h>
#include <fluxion/physics/electrochemistry/poisson_nernst_planck.h>

#include <cmath>

// The exponentially fitted (Scharfetter-Gummel, edge-averaged) discretisation
// of the Nernst-Planck fluxes on Q1 elements, with lumped mass and charge.
namespace Fluxion
{
  namespace
  {
    // The Bernoulli function B(x) = x / (exp(x) - 1) and its derivative.
    double
    bernoulli(const double x)
    {
      if (std::abs(x) < 1e-6)
        return 1 - x / 2;
      return x / std::expm1(x);
    }

    // B'(x) = (B(x) - B(x) B(-x)) / x from @p b = B(x) and @p b_minus =
    // B(-x), which the flux already has; finite where exp(x) overflows.
    double
    bernoulli_derivative(const double x, const double b, const double b_minus)
    {
      if (std::abs(x) < 1e-6)
        return -0.5 + x / 6;
      return (b - b * b_minus) / x;
    }
  } // namespace

  template <int dim>
  void
  PoissonNernstPlanck<dim>::fitted_cell_terms(const FEValues<dim> &fe,
                                              const double         alpha,
                                              const double         t,
                                              Vector<double>      &r,
                                              FullMatrix<double>  *J) const
  {
    using namespace Electrochemistry;
    const unsigned int S  = species.size();
    const unsigned int nv = GeometryInfo<dim>::vertices_per_cell;
    const typename DoFHandler<dim>::active_cell_iterator cell(
      &dof_handler.get_triangulation(),
      fe.get_cell()->level(),
      fe.get_cell()->index(),
      &dof_handler);
    const auto   region = cell->material_id();
    const double L      = context.length_unit_in_m;
    const double eps =
      vacuum_permittivity *
      region_value(permittivity, region, permittivity_fallback) / L;
    const double X = region_value(fixed_charge, region, fixed_charge_fallback);
    // An ion-free region has only Poisson's equation, with X.
    const unsigned int n_ions = ion_free.count(region) == 0 ? S : 0;

    // Local index of vertex v of field f, the Laplace matrix of the
    // vertices and the lumped mass.
    std::vector<std::vector<unsigned int>> index(S + 1,
                                                 std::vector<unsigned int>(nv));
    for (unsigned int i = 0; i < r.size(); ++i)
      {
        const auto ci              = fe.get_fe().system_to_component_index(i);
        index[ci.first][ci.second] = i;
      }
    FullMatrix<double>  A(nv, nv);
    std::vector<double> m(nv, 0.0);
    for (unsigned int q = 0; q < fe.n_quadrature_points; ++q)
      for (unsigned int v = 0; v < nv; ++v)
        {
          const unsigned int i = index[0][v];
          m[v] += fe.shape_value(i, q) * fe.JxW(q);
          for (unsigned int w = 0; w < nv; ++w)
            A(v, w) +=
              fe.shape_grad(i, q) * fe.shape_grad(index[0][w], q) * fe.JxW(q);
        }

    Vector<double> local(r.size()), past(r.size());
    cell->get_dof_values(solution, local);
    if (alpha != 0 && flux_part == FluxPart::all)
      cell->get_dof_values(history, past);
    // The velocity at the midpoint of each edge (v, w).
    std::vector<std::vector<Tensor<1, dim>>> velocity(
      nv, std::vector<Tensor<1, dim>>(nv));
    if (advection.active())
      for (unsigned int v = 0; v < nv; ++v)
        for (unsigned int w = v + 1; w < nv; ++w)
          velocity[v][w] = velocity[w][v] = advection.velocity(
            Point<dim>((cell->vertex(v) + cell->vertex(w)) / 2), t);
    const bool react = reactions.active() && flux_part == FluxPart::all;
    std::vector<double> c(S), R;
    FullMatrix<double>  dR;
    // The diffusivity of each species, one number or, for a varying law,
    // one per edge with dD/du_b at either vertex (edge_diffusivities()).
    std::vector<double>                           D_region(n_ions);
    std::vector<FullMatrix<double>>               D_edge(n_ions);
    std::vector<std::vector<std::vector<double>>> dD_edge(n_ions);
    for (unsigned int s = 0; s < n_ions; ++s)
      if (varying_diffusivity_in(s, region))
        edge_diffusivities(cell, s, local, index, t, D_edge[s], dD_edge[s]);
      else
        D_region[s] = species[s].diffusivity_in(region);

    for (unsigned int v = 0; v < nv; ++v)
      {
        // Poisson, or electroneutrality, with the lumped charge.
        const unsigned int p      = index[S][v];
        double             charge = X + extra_fixed_charge(cell->vertex(v), t);
        for (unsigned int s = 0; s < n_ions; ++s)
          charge += species[s].charge * local(index[s][v]);
        const double weight = electroneutral ? -1.0 : L * faraday;
        for (unsigned int w = 0; w < nv && !electroneutral; ++w)
          {
            r(p) += eps * A(v, w) * local(index[S][w]);
            if (J)
              (*J)(p, index[S][w]) += eps * A(v, w);
          }
        r(p) -= weight * m[v] * charge;
        for (unsigned int s = 0; s < n_ions && J; ++s)
          (*J)(p, index[s][v]) -= weight * m[v] * species[s].charge;

        // The reaction rates, lumped to the vertex.
        if (react && n_ions > 0)
          {
            for (unsigned int s = 0; s < n_ions; ++s)
              c[s] = local(index[s][v]);
            reactions.evaluate(cell->vertex(v), t, c, R, J ? &dR : nullptr);
            for (unsigned int s = 0; s < n_ions; ++s)
              {
                r(index[s][v]) -= m[v] * R[s];
                for (unsigned int b = 0; b < S && J; ++b)
                  (*J)(index[s][v], index[b][v]) -= m[v] * dR(s, b);
              }
          }

        for (unsigned int s = 0; s < n_ions; ++s)
          {
            const unsigned int i = index[s][v];
            const double       z = species[s].charge;
            if (alpha != 0 && flux_part == FluxPart::all)
              {
                r(i) += m[v] * (alpha * local(i) - past(i));
                if (J)
                  (*J)(i, i) += m[v] * alpha;
              }
            // The edge fluxes to the other vertices: the Laplace weight
            // times the Scharfetter-Gummel difference.
            for (unsigned int w = 0; w < nv; ++w)
              {
                if (w == v)
                  continue;
                const unsigned int j = index[s][w];
                const double       D =
                  dD_edge[s].empty() ? D_region[s] : D_edge[s](v, w);
                const double K = -A(v, w) * D;
                // The drift of migration and that of the flow.
                const double x_m = z *
                                   (local(index[S][w]) - local(index[S][v])) /
                                   thermal_voltage;
                const double x = x_m - velocity[v][w] *
                                         (cell->vertex(w) - cell->vertex(v)) /
                                         D;
                const double bp = bernoulli(x), bm = bernoulli(-x);
                double       flux = bp * local(i) - bm * local(j);
                if (flux_part != FluxPart::all)
                  {
                    // The parts: diffusive c_v - c_w, migrative the fitted
                    // flux of migration alone less that, advective the rest.
                    const double diffusive = local(i) - local(j);
                    const double migrative = bernoulli(x_m) * local(i) -
                                             bernoulli(-x_m) * local(j) -
                                             diffusive;
                    if (flux_part == FluxPart::diffusive)
                      flux = diffusive;
                    else if (flux_part == FluxPart::migrative)
                      flux = migrative;
                    else
                      flux -= diffusive + migrative;
                  }
                r(i) += K * flux;
                if (!J)
                  continue;
                (*J)(i, i) += K * bp;
                (*J)(i, j) -= K * bm;
                const double d_x =
                  K *
                  (bernoulli_derivative(x, bp, bm) * local(i) +
                   bernoulli_derivative(-x, bm, bp) * local(j)) *
                  z / thermal_voltage;
                (*J)(i, index[S][w]) += d_x;
                (*J)(i, index[S][v]) -= d_x;
                if (dD_edge[s].empty())
                  continue;
                // A varying D_e: d(K flux)/dD_e, through K and through the
                // drift of the flow, times dD_e/du at either vertex.
                const double d_flow = velocity[v][w] *
                                      (cell->vertex(w) - cell->vertex(v)) /
                                      (D * D);
                const double d_D =
                  -A(v, w) * flux +
                  K *
                    (bernoulli_derivative(x, bp, bm) * local(i) +
                     bernoulli_derivative(-x, bm, bp) * local(j)) *
                    d_flow;
                const auto &dD = dD_edge[s][v * nv + w];
                for (unsigned int b = 0; b < dD.size(); ++b)
                  {
                    (*J)(i, index[b][v]) += d_D * dD[b];
                    (*J)(i, index[b][w]) += d_D * dD[b];
                  }
              }
          }
      }
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::edge_diffusivities(
    const typename DoFHandler<dim>::active_cell_iterator &cell,
    const unsigned int                                    s,
    const Vector<double>                                 &local,
    const std::vector<std::vector<unsigned int>>         &index,
    const double                                          t,
    FullMatrix<double>                                   &D,
    std::vector<std::vector<double>>                     &dD) const
  {
    const unsigned int nv = GeometryInfo<dim>::vertices_per_cell;
    const unsigned int n  = species.size() + 1;
    D.reinit(nv, nv);
    dD.assign(nv * nv, std::vector<double>(n, 0.0));
    std::vector<double> mean(n);
    for (unsigned int v = 0; v < nv; ++v)
      for (unsigned int w = v + 1; w < nv; ++w)
        {
          // The law at the midpoint with the mean of the two vertex values;
          // each vertex value enters with half the derivative.
          for (unsigned int b = 0; b < n; ++b)
            mean[b] = (local(index[b][v]) + local(index[b][w])) / 2;
          const LawDerivatives d =
            diffusivity(s,
                        cell->material_id(),
                        Point<dim>((cell->vertex(v) + cell->vertex(w)) / 2),
                        t,
                        mean);
          D(v, w) = D(w, v) = d.value;
          for (unsigned int b = 0; b < n; ++b)
            dD[v * nv + w][b] = dD[w * nv + v][b] = d.derivatives[b] / 2;
        }
  }

  template class PoissonNernstPlanck<1>;
  template class PoissonNernstPlanck<2>;
  template class PoissonNernstPlanck<3>;
} // namespace Fluxion
