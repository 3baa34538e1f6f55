#include <cmath>

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/fe/fe.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>

#include <fluxion/core/translation_cache.h>
#include <fluxion/physics/interface.h>
#include <fluxion/postprocess/field_integrals.h>

#include <algorithm>
#include <limits>

namespace Fluxion
{
  template <int dim>
  std::vector<FieldIntegral>
  integrate_fields(const PhysicsInterface<dim> &physics)
  {
    const auto        &dof_handler = physics.get_dof_handler();
    const auto        &fe          = dof_handler.get_fe();
    const unsigned int n_fields    = physics.fields().size();
    const auto        &u           = physics.get_solution();
    const QGauss<dim>  quadrature(fe.degree + 1);
    FEValues<dim>      fe_values(physics.get_mapping(),
                            fe,
                            quadrature,
                            update_values | update_JxW_values);
    // The integral of a field over a cell is sum_i u_i int(phi_i) over its
    // DoFs; with an affine mapping the weights int(phi_i) carry over to
    // translated cells.
    const auto *mapping_q =
      dynamic_cast<const MappingQ<dim> *>(&physics.get_mapping());
    const bool affine = mapping_q != nullptr && mapping_q->get_degree() == 1;
    TranslationCache<dim>     translations;
    const unsigned int        n = fe.n_dofs_per_cell();
    Vector<double>            local(n), weights(n);
    std::vector<unsigned int> field_of(n);
    const auto                fields = physics.fields();
    for (unsigned int i = 0; i < n; ++i)
      for (unsigned int f = 0; f < n_fields; ++f)
        if (fe.system_to_component_index(i).first >= fields[f].first_component)
          field_of[i] = f;
    bool any_logarithmic = false;
    for (const auto &f : fields)
      any_logarithmic |= f.logarithmic;
    std::vector<FieldIntegral> result(n_fields);
    for (auto &r : result)
      {
        r.min = std::numeric_limits<double>::max();
        r.max = -std::numeric_limits<double>::max();
      }
    std::vector<double> cell_amount(n_fields), K(n_fields);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          if (!affine || any_logarithmic || !translations.is_translate(cell))
            {
              fe_values.reinit(cell);
              weights = 0;
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                for (unsigned int i = 0; i < n; ++i)
                  weights(i) += fe_values.shape_value(i, q) * fe_values.JxW(q);
            }
          cell->get_dof_values(u, local);
          if (n_fields == 1)
            cell_amount[0] = weights * local;
          else
            {
              std::fill(cell_amount.begin(), cell_amount.end(), 0.0);
              for (unsigned int i = 0; i < n; ++i)
                cell_amount[field_of[i]] += weights(i) * local(i);
            }
          // A logarithmic field's amount is the integral of exp(u).
          for (unsigned int f = 0; f < n_fields; ++f)
            if (fields[f].logarithmic)
              {
                cell_amount[f] = 0;
                for (unsigned int q = 0; q < quadrature.size(); ++q)
                  {
                    double v = 0;
                    for (unsigned int i = 0; i < n; ++i)
                      if (field_of[i] == f)
                        v += local(i) * fe_values.shape_value(i, q);
                    cell_amount[f] += std::exp(v) * fe_values.JxW(q);
                  }
              }
          // A field absent from the cell's region has nothing there.
          const auto region = cell->material_id();
          for (unsigned int f = 0; f < n_fields; ++f)
            {
              K[f] = physics.field_scale(f, region);
              if (fields[f].exists_in(region))
                result[f].amount += K[f] * cell_amount[f];
            }
          for (unsigned int i = 0; i < n; ++i)
            {
              if (!fields[field_of[i]].exists_in(region))
                continue;
              auto        &r = result[field_of[i]];
              const double v =
                K[field_of[i]] * (fields[field_of[i]].logarithmic ?
                                    std::exp(local(i)) :
                                    local(i));
              r.min = std::min(r.min, v);
              r.max = std::max(r.max, v);
            }
        }
    const MPI_Comm comm = physics.get_communicator();
    for (auto &r : result)
      {
        r.amount = Utilities::MPI::sum(r.amount, comm);
        r.min    = Utilities::MPI::min(r.min, comm);
        r.max    = Utilities::MPI::max(r.max, comm);
      }
    return result;
  }

  template std::vector<FieldIntegral>
  integrate_fields(const PhysicsInterface<1> &);
  template std::vector<FieldIntegral>
  integrate_fields(const PhysicsInterface<2> &);
  template std::vector<FieldIntegral>
  integrate_fields(const PhysicsInterface<3> &);
} // namespace Fluxion
