#include <fluxion/physics/electrochemistry/constants.h>
#include <fluxion/physics/electrochemistry/poisson_nernst_planck.h>

#include <cmath>

// The residual and Jacobian of the Poisson-Nernst-Planck equations on a cell.
namespace Fluxion
{
  template <int dim>
  void
  PoissonNernstPlanck<dim>::cell_terms(const FEValues<dim>       &fe,
                                       const FieldPointData<dim> &u,
                                       Vector<double>            &r,
                                       FullMatrix<double>        *J) const
  {
    using namespace Electrochemistry;
    if (fitted)
      {
        fitted_cell_terms(fe, u.alpha, u.time, r, J);
        return;
      }
    const unsigned int S      = species.size();
    const auto         region = fe.get_cell()->material_id();
    const double       L      = context.length_unit_in_m;
    // Poisson's equation times L: its natural flux is eps grad phi . n in
    // C/m^2 with gradients in the length unit.
    const double eps =
      vacuum_permittivity *
      region_value(permittivity, region, permittivity_fallback) / L;
    const double X = region_value(fixed_charge, region, fixed_charge_fallback);
    std::vector<double>         D(S), c(S), dc(S), at(S + 1);
    std::vector<Tensor<1, dim>> G(S), P(S);
    std::vector<bool>           varying(S);
    bool                        any_varying = false;
    for (unsigned int s = 0; s < S; ++s)
      {
        D[s]       = species[s].diffusivity_in(region);
        varying[s] = varying_diffusivity_in(s, region);
        any_varying |= varying[s];
      }
    // dD_s/du_b of the species with a varying law, at the point.
    FullMatrix<double> dD(S, S + 1);
    // An ion-free region has only Poisson's equation, with X.
    const bool                ions = ion_free.count(region) == 0;
    const unsigned int        n    = r.size();
    std::vector<unsigned int> field(n);
    for (unsigned int i = 0; i < n; ++i)
      field[i] = fe.get_fe().system_to_component_index(i).first;

    for (unsigned int q = 0; q < fe.n_quadrature_points; ++q)
      {
        const Tensor<1, dim> E = u.gradients[S][q] / thermal_voltage;
        double charge = X + extra_fixed_charge(fe.quadrature_point(q), u.time);
        for (unsigned int s = 0; s < S; ++s)
          {
            // c, dc/du and P = grad c + z c grad phi/V_T in either
            // formulation.
            c[s]  = !ions       ? 0.0 :
                    logarithmic ? std::exp(u.values[s][q]) :
                                  u.values[s][q];
            dc[s] = !ions ? 0.0 : logarithmic ? c[s] : 1.0;
            const Tensor<1, dim> grad_c = dc[s] * u.gradients[s][q];
            const bool           all    = flux_part == FluxPart::all;
            P[s] =
              (all || flux_part == FluxPart::diffusive ? 1.0 : 0.0) * grad_c +
              (all || flux_part == FluxPart::migrative ? 1.0 : 0.0) *
                species[s].charge * c[s] * E;
            charge += species[s].charge * c[s];
          }
        if (ions && any_varying)
          {
            // The varying laws at the point, and dD/du with u = ln c for
            // logarithmic species.
            for (unsigned int s = 0; s < S; ++s)
              at[s] = c[s];
            at[S] = u.values[S][q];
            for (unsigned int s = 0; s < S; ++s)
              if (varying[s])
                {
                  const LawDerivatives d =
                    diffusivity(s, region, fe.quadrature_point(q), u.time, at);
                  D[s] = d.value;
                  for (unsigned int b = 0; b <= S; ++b)
                    dD(s, b) = d.derivatives[b] * (b < S ? dc[b] : 1.0);
                }
          }
        // The flux D P (diffusive and migrative).
        for (unsigned int s = 0; s < S; ++s)
          G[s] = D[s] * P[s];
        if (ions)
          add_transport_terms(fe, u, q, c, dc, r, J);
        const double JxW = fe.JxW(q);
        for (unsigned int i = 0; i < n; ++i)
          {
            const unsigned int a = field[i];
            if (a < S && !ions)
              continue;
            const double          v  = fe.shape_value(i, q);
            const Tensor<1, dim> &gv = fe.shape_grad(i, q);
            if (a < S)
              r(i) += ((flux_part == FluxPart::all ? u.rates[a][q] : 0.0) * v +
                       G[a] * gv) *
                      JxW;
            else if (electroneutral)
              r(i) += charge * v * JxW;
            else
              r(i) +=
                (eps * u.gradients[S][q] * gv - L * faraday * charge * v) * JxW;
            if (!J)
              continue;
            for (unsigned int j = 0; j < n; ++j)
              {
                const unsigned int    b  = field[j];
                const double          w  = fe.shape_value(j, q);
                const Tensor<1, dim> &gw = fe.shape_grad(j, q);
                double                d  = 0;
                if (a < S && b == a)
                  {
                    // d(grad c)/du_j: c (w grad u + grad w) for ln c.
                    const Tensor<1, dim> d_grad_c =
                      logarithmic ? c[a] * (w * u.gradients[a][q] + gw) : gw;
                    d = u.alpha * dc[a] * w * v +
                        D[a] * (d_grad_c + species[a].charge * dc[a] * w * E) *
                          gv;
                  }
                else if (a < S && b == S)
                  d = D[a] * species[a].charge * c[a] / thermal_voltage *
                      (gw * gv);
                else if (a == S && b == S)
                  d = electroneutral ? 0.0 : eps * (gw * gv);
                else if (a == S)
                  d = (electroneutral ? 1.0 : -L * faraday) *
                      species[b].charge * dc[b] * w * v;
                // A varying D depends on the fields at the point.
                if (a < S && varying[a])
                  d += dD(a, b) * w * (P[a] * gv);
                (*J)(i, j) += d * JxW;
              }
          }
      }
  }

  template class PoissonNernstPlanck<1>;
  template class PoissonNernstPlanck<2>;
  template class PoissonNernstPlanck<3>;
} // namespace Fluxion
