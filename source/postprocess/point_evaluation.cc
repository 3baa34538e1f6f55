#include <deal.II/fe/fe.h>

#include <fluxion/postprocess/point_evaluation.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  std::vector<double>
  field_values_at(const PhysicsInterface<dim>                &physics,
                  Utilities::MPI::RemotePointEvaluation<dim> &rpe,
                  const unsigned int                          field)
  {
    const auto         &dof_handler = physics.get_dof_handler();
    const auto         &fe          = dof_handler.get_fe();
    const auto         &u           = physics.get_solution();
    const unsigned int  component   = physics.fields()[field].first_component;
    const bool          logarithmic = physics.fields()[field].logarithmic;
    std::vector<double> values, buffer;
    Vector<double>      local(fe.n_dofs_per_cell());
    rpe.template evaluate_and_process<double>(
      values,
      buffer,
      [&](const ArrayView<double> &out,
          const typename Utilities::MPI::RemotePointEvaluation<dim>::CellData
            &data) {
        for (unsigned int i = 0; i < data.cells.size(); ++i)
          {
            const typename DoFHandler<dim>::active_cell_iterator cell(
              &dof_handler.get_triangulation(),
              data.cells[i].first,
              data.cells[i].second,
              &dof_handler);
            cell->get_dof_values(u, local);
            const double K = physics.field_scale(field, cell->material_id());
            for (unsigned int q = data.reference_point_ptrs[i];
                 q < data.reference_point_ptrs[i + 1];
                 ++q)
              {
                double v = 0;
                for (unsigned int j = 0; j < local.size(); ++j)
                  if (fe.system_to_component_index(j).first == component)
                    v +=
                      local[j] *
                      fe.shape_value_component(j,
                                               data.reference_point_values[q],
                                               component);
                out[q] = K * (logarithmic ? std::exp(v) : v);
              }
          }
      });
    // The mean of the values found for each point (a point on a cell
    // boundary is found in every cell that shares it).
    const auto         &ptr = rpe.get_point_ptrs();
    std::vector<double> result(ptr.size() - 1, 0.0);
    for (unsigned int i = 0; i + 1 < ptr.size(); ++i)
      {
        for (unsigned int k = ptr[i]; k < ptr[i + 1]; ++k)
          result[i] += values[k];
        result[i] /= std::max(1u, ptr[i + 1] - ptr[i]);
      }
    return result;
  }

  template std::vector<double>
  field_values_at(const PhysicsInterface<1> &,
                  Utilities::MPI::RemotePointEvaluation<1> &,
                  const unsigned int);
  template std::vector<double>
  field_values_at(const PhysicsInterface<2> &,
                  Utilities::MPI::RemotePointEvaluation<2> &,
                  const unsigned int);
  template std::vector<double>
  field_values_at(const PhysicsInterface<3> &,
                  Utilities::MPI::RemotePointEvaluation<3> &,
                  const unsigned int);
} // namespace Fluxion
