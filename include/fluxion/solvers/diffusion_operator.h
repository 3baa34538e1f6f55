#ifndef fluxion_solvers_diffusion_operator_h
#define fluxion_solvers_diffusion_operator_h

#include <deal.II/base/aligned_vector.h>
#include <deal.II/base/table.h>
#include <deal.II/base/vectorization.h>
#include <deal.II/grid/tria.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/matrix_free/fe_evaluation.h>
#include <deal.II/matrix_free/matrix_free.h>
#include <deal.II/matrix_free/operators.h>
#include <deal.II/matrix_free/tools.h>

#include <functional>
#include <vector>

namespace Fluxion
{
  using namespace dealii;

  /**
   * Coefficients of a linear diffusion operator on one cell (active or
   * level): the conductance k = D K at the given quadrature points and the
   * capacity K of the cell. A callback fills @p conductance (one value per
   * point) and @p capacity; it sets @p uniform when k does not vary over
   * the cell, so that the operator may keep a single value per cell.
   */
  template <int dim>
  using CellCoefficientFunction =
    std::function<void(const typename Triangulation<dim>::cell_iterator &cell,
                       const std::vector<Point<dim>>                    &points,
                       std::vector<double> &conductance,
                       double              &capacity,
                       bool                &uniform)>;

  /**
   * The matrix-free operator of one implicit step of linear diffusion,
   * a(u, v) = alpha (K u, v) + (k grad u, grad v), evaluated cell by cell
   * with sum factorization (deal.II's MatrixFree). Used on the active mesh
   * and on each multigrid level. The coefficients are stored at the
   * quadrature points, or once per cell where they are uniform.
   */
  template <int dim, int fe_degree, typename number>
  class DiffusionOperator
    : public MatrixFreeOperators::
        Base<dim, LinearAlgebra::distributed::Vector<number>>
  {
  public:
    using VectorType = LinearAlgebra::distributed::Vector<number>;
    using FECellIntegrator =
      FEEvaluation<dim, fe_degree, fe_degree + 1, 1, number>;

    /**
     * Evaluate and store the coefficients on every cell of the MatrixFree
     * object given to initialize(), for the time-derivative factor alpha
     * (0 for a steady operator).
     */
    void
    set_coefficients(const CellCoefficientFunction<dim> &coefficient,
                     const double                        alpha);

    void
    clear() override;

    void
    compute_diagonal() override;

    /**
     * The cell integral of the operator on the current cell of @p phi,
     * with the values and gradients of phi evaluated on entry.
     */
    void
    quadrature_point_operation(FECellIntegrator &phi) const;

    /**
     * The cell operation for MatrixFreeTools: evaluate, integrate.
     */
    void
    local_compute(FECellIntegrator &phi) const;

    /**
     * Capacity K of a cell batch and conductance at quadrature point q.
     */
    VectorizedArray<number>
    capacity(const unsigned int cell) const
    {
      return capacity_values[cell];
    }

    VectorizedArray<number>
    conductance(const unsigned int cell, const unsigned int q) const
    {
      return per_cell ? conductance_values(cell, 0) :
                        conductance_values(cell, q);
    }

    number
    get_alpha() const
    {
      return alpha;
    }

  private:
    void
    apply_add(VectorType &dst, const VectorType &src) const override;

    void
    local_apply(const MatrixFree<dim, number>               &data,
                VectorType                                  &dst,
                const VectorType                            &src,
                const std::pair<unsigned int, unsigned int> &cell_range) const;

    number                                 alpha    = 0;
    bool                                   per_cell = true;
    Table<2, VectorizedArray<number>>      conductance_values;
    AlignedVector<VectorizedArray<number>> capacity_values;
  };


  template <int dim, int fe_degree, typename number>
  void
  DiffusionOperator<dim, fe_degree, number>::clear()
  {
    conductance_values.reinit(0, 0);
    capacity_values.clear();
    MatrixFreeOperators::Base<dim, VectorType>::clear();
  }

  template <int dim, int fe_degree, typename number>
  void
  DiffusionOperator<dim, fe_degree, number>::set_coefficients(
    const CellCoefficientFunction<dim> &coefficient,
    const double                        a)
  {
    alpha                      = a;
    const auto        &data    = *this->data;
    const unsigned int n_cells = data.n_cell_batches();
    FECellIntegrator   phi(data);
    const unsigned int n_q = phi.n_q_points;

    // First pass: values at the points of each lane.
    const unsigned int      n_lanes = VectorizedArray<number>::size();
    std::vector<double>     k(n_cells * n_lanes * n_q, 0.);
    std::vector<double>     cap(n_cells * n_lanes, 0.);
    std::vector<double>     k_cell(n_q);
    std::vector<Point<dim>> points(n_q);
    bool                    all_uniform = true;
    for (unsigned int cell = 0; cell < n_cells; ++cell)
      {
        phi.reinit(cell);
        for (unsigned int lane = 0;
             lane < data.n_active_entries_per_cell_batch(cell);
             ++lane)
          {
            for (unsigned int q = 0; q < n_q; ++q)
              {
                const auto xq = phi.quadrature_point(q);
                for (unsigned int d = 0; d < dim; ++d)
                  points[q][d] = xq[d][lane];
              }
            const unsigned int index   = cell * n_lanes + lane;
            bool               uniform = false;
            coefficient(data.get_cell_iterator(cell, lane),
                        points,
                        k_cell,
                        cap[index],
                        uniform);
            std::copy(k_cell.begin(), k_cell.end(), k.begin() + index * n_q);
            all_uniform &= uniform;
          }
      }

    per_cell = all_uniform;
    conductance_values.reinit(n_cells, per_cell ? 1 : n_q);
    capacity_values.resize(n_cells);
    for (unsigned int cell = 0; cell < n_cells; ++cell)
      {
        // Unused lanes copy the first one (they never reach a vector).
        for (unsigned int lane = 0; lane < n_lanes; ++lane)
          {
            const unsigned int used =
              lane < data.n_active_entries_per_cell_batch(cell) ? lane : 0;
            const unsigned int index    = cell * n_lanes + used;
            capacity_values[cell][lane] = cap[index];
            for (unsigned int q = 0; q < conductance_values.size(1); ++q)
              conductance_values(cell, q)[lane] = k[index * n_q + q];
          }
      }
  }

  template <int dim, int fe_degree, typename number>
  void
  DiffusionOperator<dim, fe_degree, number>::quadrature_point_operation(
    FECellIntegrator &phi) const
  {
    const unsigned int cell = phi.get_current_cell_index();
    if (alpha != number(0))
      {
        const VectorizedArray<number> m = alpha * capacity_values[cell];
        for (unsigned int q = 0; q < phi.n_q_points; ++q)
          {
            phi.submit_value(m * phi.get_value(q), q);
            phi.submit_gradient(conductance(cell, q) * phi.get_gradient(q), q);
          }
      }
    else
      for (unsigned int q = 0; q < phi.n_q_points; ++q)
        phi.submit_gradient(conductance(cell, q) * phi.get_gradient(q), q);
  }

  template <int dim, int fe_degree, typename number>
  void
  DiffusionOperator<dim, fe_degree, number>::local_compute(
    FECellIntegrator &phi) const
  {
    const EvaluationFlags::EvaluationFlags flags =
      alpha != number(0) ?
        (EvaluationFlags::values | EvaluationFlags::gradients) :
        EvaluationFlags::gradients;
    phi.evaluate(flags);
    quadrature_point_operation(phi);
    phi.integrate(flags);
  }

  template <int dim, int fe_degree, typename number>
  void
  DiffusionOperator<dim, fe_degree, number>::local_apply(
    const MatrixFree<dim, number>               &data,
    VectorType                                  &dst,
    const VectorType                            &src,
    const std::pair<unsigned int, unsigned int> &cell_range) const
  {
    FECellIntegrator phi(data);
    for (unsigned int cell = cell_range.first; cell < cell_range.second; ++cell)
      {
        phi.reinit(cell);
        phi.read_dof_values(src);
        local_compute(phi);
        phi.distribute_local_to_global(dst);
      }
  }

  template <int dim, int fe_degree, typename number>
  void
  DiffusionOperator<dim, fe_degree, number>::apply_add(
    VectorType       &dst,
    const VectorType &src) const
  {
    this->data->cell_loop(&DiffusionOperator::local_apply, this, dst, src);
  }

  template <int dim, int fe_degree, typename number>
  void
  DiffusionOperator<dim, fe_degree, number>::compute_diagonal()
  {
    this->inverse_diagonal_entries.reset(new DiagonalMatrix<VectorType>());
    VectorType &inverse_diagonal = this->inverse_diagonal_entries->get_vector();
    this->data->initialize_dof_vector(inverse_diagonal);
    MatrixFreeTools::compute_diagonal(*this->data,
                                      inverse_diagonal,
                                      &DiffusionOperator::local_compute,
                                      this);
    this->set_constrained_entries_to_one(inverse_diagonal);
    for (unsigned int i = 0; i < inverse_diagonal.locally_owned_size(); ++i)
      {
        Assert(inverse_diagonal.local_element(i) > 0,
               ExcMessage("The operator diagonal must be positive."));
        inverse_diagonal.local_element(i) =
          1. / inverse_diagonal.local_element(i);
      }
  }
} // namespace Fluxion

#endif
