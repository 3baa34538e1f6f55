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
    prm.declare_entry(
      "Exact solutions",
      "",
      Patterns::Anything(),
      "[unit of each field] Exact solutions of several fields, 'field: "
      "expression' pairs separated by ';' (e.g. 'C: 1 + x*y; phi: "
      "0.01*x'); the columns are 'L2 error <field>' and 'H1 error "
      "<field>'. When given, it replaces <Field> and <Exact solution>.");
  }

  template <int dim>
  void
  Errors<dim>::parse_parameters(ParameterHandler &prm)
  {
    const std::string parameter = "Postprocess/errors/Exact solutions";
    exact.clear();
    for (const auto &item :
         Utilities::split_string_list(prm.get("Exact solutions"), ';'))
      {
        const auto colon = item.find(':');
        AssertThrow(colon != std::string::npos,
                    ExcMessage("Parameter <" + parameter +
                               ">: write each exact solution as 'field: "
                               "expression', got <" +
                               item + ">."));
        exact.emplace_back(Utilities::trim(item.substr(0, colon)),
                           std::make_unique<ParsedExpression<dim>>());
        exact.back().second->initialize(item.substr(colon + 1), parameter);
      }
    named = !exact.empty();
    if (named)
      return;
    exact.emplace_back(prm.get("Field"),
                       std::make_unique<ParsedExpression<dim>>());
    exact.back().second->initialize(prm.get("Exact solution"),
                                    "Postprocess/errors/Exact solution");
  }

  template <int dim>
  unsigned int
  Errors<dim>::field_index(const FieldDescriptions &fields,
                           const std::string       &name) const
  {
    return name.empty() ?
             0 :
             fields.index(name,
                          named ? "Postprocess/errors/Exact solutions" :
                                  "Postprocess/errors/Field");
  }

  template <int dim>
  void
  Errors<dim>::check_fields(const FieldDescriptions &fields) const
  {
    for (const auto &e : exact)
      field_index(fields, e.first);
  }

  template <int dim>
  void
  Errors<dim>::execute(const PhysicsInterface<dim> &physics,
                       Statistics                  &statistics,
                       const bool,
                       const std::string &)
  {
    const auto fields = physics.fields();
    for (const auto &e : exact)
      {
        const unsigned int f     = field_index(fields, e.first);
        const auto         norms = error_norms(physics, f, *e.second);
        const std::string  suffix =
          fields.size() == 1 ? "" : " " + fields[f].name;
        statistics.set("L2 error" + suffix, norms.first);
        statistics.set("H1 error" + suffix, norms.second);
      }
  }

  template <int dim>
  std::pair<double, double>
  Errors<dim>::error_norms(const PhysicsInterface<dim> &physics,
                           const unsigned int           f,
                           const ParsedExpression<dim> &solution) const
  {
    const auto                  fields      = physics.fields();
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
              const double      e = K * u[q] - solution.value(x, t);
              Tensor<1, dim>    g;
              for (unsigned int d = 0; d < dim; ++d)
                {
                  Point<dim> xp = x, xm = x;
                  xp[d] += h;
                  xm[d] -= h;
                  g[d] =
                    (solution.value(xp, t) - solution.value(xm, t)) / (2 * h);
                }
              l2 += e * e * fe_values.JxW(q);
              h1 += (K * grad_u[q] - g).norm_square() * fe_values.JxW(q);
            }
        }
    const MPI_Comm comm = physics.get_communicator();
    return {std::sqrt(Utilities::MPI::sum(l2, comm)),
            std::sqrt(Utilities::MPI::sum(h1, comm))};
  }

  FLUXION_REGISTER_PLUGIN(Postprocessor,
                          Errors,
                          "errors",
                          "L2 norm and H1 seminorm of the error of a field "
                          "(or of several) against an exact solution: columns "
                          "'L2 error', 'H1 error' (with several fields 'L2 "
                          "error <field>', 'H1 error <field>').")
} // namespace Fluxion
