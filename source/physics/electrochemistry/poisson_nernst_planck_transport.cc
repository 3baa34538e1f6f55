#include <deal.II/base/quadrature.h>

#include <fluxion/core/input_checks.h>
#include <fluxion/physics/electrochemistry/poisson_nernst_planck.h>

#include <cmath>
#include <sstream>

// Advection and homogeneous reactions of the species in the Galerkin
// formulations of the Poisson-Nernst-Planck physics, and the check of the
// reaction rates in the initial state.
namespace Fluxion
{
  template <int dim>
  void
  PoissonNernstPlanck<dim>::add_transport_terms(const FEValues<dim>       &fe,
                                                const FieldPointData<dim> &u,
                                                const unsigned int         q,
                                                const std::vector<double> &c,
                                                const std::vector<double> &dc,
                                                Vector<double>            &r,
                                                FullMatrix<double> *J) const
  {
    const bool advect =
      advection.active() &&
      (flux_part == FluxPart::all || flux_part == FluxPart::advective);
    const bool react = reactions.active() && flux_part == FluxPart::all;
    if (!advect && !react)
      return;
    const unsigned int   S = species.size();
    const Point<dim>    &x = fe.quadrature_point(q);
    const Tensor<1, dim> velocity =
      advect ? advection.velocity(x, u.time) : Tensor<1, dim>();
    std::vector<double> R(S, 0.0);
    FullMatrix<double>  dR(S, S);
    if (react)
      reactions.evaluate(x, u.time, c, R, J ? &dR : nullptr);
    const double JxW = fe.JxW(q);
    for (unsigned int i = 0; i < r.size(); ++i)
      {
        const unsigned int a = fe.get_fe().system_to_component_index(i).first;
        if (a >= S)
          continue;
        const double v    = fe.shape_value(i, q);
        const double u_gv = velocity * fe.shape_grad(i, q);
        // The flux c u enters the residual as -c u . grad v.
        r(i) -= (c[a] * u_gv + R[a] * v) * JxW;
        if (!J)
          continue;
        for (unsigned int j = 0; j < r.size(); ++j)
          {
            const unsigned int b =
              fe.get_fe().system_to_component_index(j).first;
            if (b >= S)
              continue;
            const double w = fe.shape_value(j, q);
            double       d = dR(a, b) * dc[b] * w * v;
            if (b == a)
              d += dc[a] * w * u_gv;
            (*J)(i, j) -= d * JxW;
          }
      }
  }

  template <int dim>
  std::string
  PoissonNernstPlanck<dim>::first_failing_node(
    const std::function<std::string(const Point<dim> &,
                                    types::material_id,
                                    const std::vector<double> &)> &check) const
  {
    const unsigned int    n = species.size() + 1;
    const Quadrature<dim> nodes(
      dof_handler.get_fe().base_element(0).get_unit_support_points());
    FEValues<dim>                    fe_values(*context.mapping,
                            dof_handler.get_fe(),
                            nodes,
                            update_values | update_quadrature_points);
    const auto                       fields = this->fields();
    std::vector<double>              u(n);
    std::vector<std::vector<double>> nodal(n,
                                           std::vector<double>(nodes.size()));
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          for (unsigned int f = 0; f < n; ++f)
            fe_values[fields[f].extractor()].get_function_values(solution,
                                                                 nodal[f]);
          for (unsigned int q = 0; q < nodes.size(); ++q)
            {
              for (unsigned int f = 0; f < n; ++f)
                u[f] = logarithmic && f + 1 < n ? std::exp(nodal[f][q]) :
                                                  nodal[f][q];
              const std::string bad =
                check(fe_values.quadrature_point(q), cell->material_id(), u);
              if (!bad.empty())
                return bad;
            }
        }
    return "";
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::check_reaction_rates() const
  {
    if (!reactions.active())
      return;
    // The rates at the nodes of each cell in the initial state.
    std::vector<double> c(species.size());
    const std::string   bad =
      first_failing_node([&](const Point<dim> &x,
                             types::material_id,
                             const std::vector<double> &u) -> std::string {
        std::copy(u.begin(), u.begin() + c.size(), c.begin());
        const unsigned int s = reactions.first_not_finite(x, time, c);
        if (s == c.size())
          return "";
        return "Parameter <Poisson Nernst Planck/" + species[s].name +
               "/Reaction rate>: the reaction rate of species " +
               species[s].name +
               " is not a finite number in the initial state (at " +
               Utilities::to_string(x[0]) +
               (dim > 1 ? ", " + Utilities::to_string(x[1]) : "") +
               (dim > 2 ? ", " + Utilities::to_string(x[2]) : "") +
               "); check the expression for a division by zero or a "
               "logarithm or root of a negative value.";
      });
    throw_if_any_rank(bad, context.mpi_communicator);
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::check_velocity() const
  {
    if (!advection.active())
      return;
    // Each component at the vertices of the owned cells, at the start.
    std::string bad;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && bad.empty())
        for (const auto v : cell->vertex_indices())
          {
            const Point<dim>     x = cell->vertex(v);
            const Tensor<1, dim> u = advection.velocity(x, time);
            for (unsigned int d = 0; d < dim && bad.empty(); ++d)
              if (!std::isfinite(u[d]))
                {
                  std::ostringstream where;
                  where << x;
                  bad = std::string("Parameter <Advection/Velocity>: the ") +
                        "xyz"[d] +
                        " component of the velocity is not a finite number "
                        "(" +
                        Utilities::to_string(u[d]) + ") at (" + where.str() +
                        "), t = " + Utilities::to_string(time) +
                        "; check the expression for a division by zero.";
                }
          }
    throw_if_any_rank(bad, context.mpi_communicator);
  }

  template class PoissonNernstPlanck<1>;
  template class PoissonNernstPlanck<2>;
  template class PoissonNernstPlanck<3>;
} // namespace Fluxion
