#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe_values.h>

#include <fluxion/physics/interface.h>
#include <fluxion/postprocess/errors.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  void
  Errors<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Field",
                      "",
                      Patterns::Anything(),
                      "The field whose error is measured, by name; empty "
                      "means the first field. With several fields the "
                      "columns carry its name ('L2 error B').");
    prm.declare_entry("Exact solution",
                      "0",
                      Patterns::Anything(),
                      "[unit of the field] The exact solution of <Field>, an "
                      "expression of x, y, z and t. Its gradient is taken by "
                      "central differences.");
  }

  template <int dim>
  void
  Errors<dim>::parse_parameters(ParameterHandler &prm)
  {
    field_name = prm.get("Field");
    exact.initialize(prm.get("Exact solution"),
                     "Postprocess/errors/Exact solution");
  }

  template <int dim>
  unsigned int
  Errors<dim>::field_index(const FieldDescriptions &fields) const
  {
    return field_name.empty() ?
             0 :
             fields.index(field_name, "Postprocess/errors/Field");
  }

  template <int dim>
  void
  Errors<dim>::check_fields(const FieldDescriptions &fields) const
  {
    field_index(fields);
  }

  template <int dim>
  void
  Errors<dim>::execute(const PhysicsInterface<dim> &physics,
                       Statistics                  &statistics,
                       const bool,
                       const std::string &)
  {
    const auto                  fields      = physics.fields();
    const unsigned int          f           = field_index(fields);
    const auto                  extractor   = fields[f].extractor();
    const auto                 &dof_handler = physics.get_dof_handler();
    const auto                 &fe          = dof_handler.get_fe();
    const QGauss<dim>           quadrature(fe.degree + 2);
    FEValues<dim>               fe_values(physics.get_mapping(),
                            fe,
                            quadrature,
                            update_values | update_gradients |
                              update_quadrature_points | update_JxW_values);
    std::vector<double>         u(quadrature.size());
    std::vector<Tensor<1, dim>> grad_u(quadrature.size());
    const double                t  = physics.get_time();
    double                      l2 = 0, h1 = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values[extractor].get_function_values(physics.get_solution(), u);
          fe_values[extractor].get_function_gradients(physics.get_solution(),
                                                      grad_u);
          // A logarithmic field's value is exp(u), its gradient exp(u) grad u.
          if (fields[f].logarithmic)
            for (unsigned int q = 0; q < quadrature.size(); ++q)
              {
                u[q] = std::exp(u[q]);
                grad_u[q] *= u[q];
              }
          const double K = physics.field_scale(f, cell->material_id());
          const double h = 1e-5 * cell->diameter();
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              const Point<dim> &x = fe_values.quadrature_point(q);
              const double      e = K * u[q] - exact.value(x, t);
              Tensor<1, dim>    g;
              for (unsigned int d = 0; d < dim; ++d)
                {
                  Point<dim> xp = x, xm = x;
                  xp[d] += h;
                  xm[d] -= h;
                  g[d] = (exact.value(xp, t) - exact.value(xm, t)) / (2 * h);
                }
              l2 += e * e * fe_values.JxW(q);
              h1 += (K * grad_u[q] - g).norm_square() * fe_values.JxW(q);
            }
        }
    const MPI_Comm    comm   = physics.get_communicator();
    const std::string suffix = fields.size() == 1 ? "" : " " + fields[f].name;
    statistics.set("L2 error" + suffix,
                   std::sqrt(Utilities::MPI::sum(l2, comm)));
    statistics.set("H1 error" + suffix,
                   std::sqrt(Utilities::MPI::sum(h1, comm)));
  }

  FLUXION_REGISTER_PLUGIN(Postprocessor,
                          Errors,
                          "errors",
                          "L2 norm and H1 seminorm of the error of a field "
                          "against an exact solution: columns 'L2 error', "
                          "'H1 error' (with several fields 'L2 error <field>', "
                          "'H1 error <field>').")
} // namespace Fluxion
